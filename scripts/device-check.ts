// What a machine with a real GPU is asked to measure for training models together, in one process: how much
// of the adapter one workgroup keeps busy (device-fill), a round of 8 same-shape models against one, batched
// and separate (sweep-scaling), and each kernel stage of the 8-model W1 step (profile-kernels). On SwiftShader
// it runs as well (slowly); scripts/device-kit.sh bundles it with Node and Dawn to run where neither is installed.
// Usage: source scripts/gpu-env.sh && node scripts/device-check.mjs [max workgroups = 4096] [rounds = 20]
// The imports name the .ts files: beside each sits a .mjs runner of the same name, which must not be the one taken.
import { main as profileKernels } from '../bench/profile-kernels.ts';
import { main as deviceFill } from './device-fill.ts';
import { main as sweepScaling } from './sweep-scaling.ts';

export async function main(args: string[]): Promise<void> {
  const workgroups = args[0] ?? '4096';
  const rounds = args[1] ?? '20';
  console.log(`\n== how much one workgroup fills the adapter (up to ${workgroups} workgroups)`);
  await deviceFill([workgroups, '7']);
  console.log('\n== one round of 8 same-shape models: separate and batched, against one model');
  await sweepScaling([rounds, '8']);
  console.log('\n== the 8-model W1 step, stage by stage');
  await profileKernels(['--only', 'W1', '--members', '8', '--reps', rounds === '20' ? '5' : '1']);
}

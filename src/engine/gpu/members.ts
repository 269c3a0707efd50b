// The member axis of a batched model on the TypeScript side: the `Members` uniform of shaders/members.wgsl,
// byte for byte. A batched model holds one or more members (models of one shape that differ in seed, dropout
// and learning rate); every kernel reads from this uniform which members take part in a submit, and each
// one's step, dropout and optimiser settings. A single model is the batched model of one member.
import { MAX_BATCHED_MODELS } from '../batching';
import type { OptimizerConfig } from '../types';
import { uniformBuffer } from './buffers';
import { dropoutConstants } from './sizes';

/** The size of the `each` array in shaders/members.wgsl. */
export const MAX_MEMBERS = MAX_BATCHED_MODELS;
const HEADER_WORDS = 4;
const MEMBER_WORDS = 8;
export const MEMBERS_BYTES = (HEADER_WORDS + MAX_MEMBERS * MEMBER_WORDS) * 4;

/** What differs between the members of one batched model. */
export interface MemberSettings {
  seed: number;
  dropout: number;
  lr: number;
}

/** Which members take part in one submit, at which optimiser step each, and whether dropout is on. */
export interface MembersRound {
  active: readonly boolean[];
  steps: readonly number[];
  dropoutOn: boolean;
}

/** The uniform's bytes for `members` (the optimiser gives β1, β2 for Adam's bias corrections). */
export function membersBytes(
  members: readonly MemberSettings[],
  optimizer: OptimizerConfig,
  round: MembersRound,
): ArrayBuffer {
  if (members.length < 1 || members.length > MAX_MEMBERS) {
    throw new Error(`a batched model holds 1 to ${MAX_MEMBERS} members, got ${members.length}`);
  }
  const bytes = new ArrayBuffer(MEMBERS_BYTES);
  const u = new Uint32Array(bytes);
  const f = new Float32Array(bytes);
  u[0] = round.dropoutOn ? 1 : 0;
  u[1] = members.length;
  members.forEach((member, m) => {
    const at = HEADER_WORDS + m * MEMBER_WORDS;
    const step = round.steps[m] ?? 0;
    const { SEED, DROP_THRESHOLD, KEEP_SCALE } = dropoutConstants(member.seed, member.dropout);
    u[at] = round.active[m] ? 1 : 0;
    u[at + 1] = step;
    u[at + 2] = SEED;
    u[at + 3] = DROP_THRESHOLD;
    f[at + 4] = KEEP_SCALE;
    f[at + 5] = member.lr;
    f[at + 6] = 1 - optimizer.beta1 ** step;
    f[at + 7] = Math.sqrt(1 - optimizer.beta2 ** step);
  });
  return bytes;
}

/** The uniform buffer every dispatch of a batched model binds as `members`. */
export function membersUniform(device: GPUDevice): GPUBuffer {
  return uniformBuffer(device, 'members', MEMBERS_BYTES);
}

/** Writes the uniform for the next submit (queue order: before any later submit). */
export function writeMembers(
  device: GPUDevice,
  buffer: GPUBuffer,
  members: readonly MemberSettings[],
  optimizer: OptimizerConfig,
  round: MembersRound,
): void {
  device.queue.writeBuffer(buffer, 0, membersBytes(members, optimizer, round));
}

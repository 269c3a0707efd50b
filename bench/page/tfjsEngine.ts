// TensorFlow.js side of the benchmark: tf.layers LSTM/GRU models of the same architecture as ours,
// trained with model.trainOnBatch on the webgpu, wasm and cpu backends. Only the bench page imports
// this module; the app never bundles TensorFlow.js.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { SessionOrSkip, SessionRequest } from './session';

export type TfjsBackend = 'webgpu' | 'wasm' | 'cpu';

// The .wasm binaries are emitted by vite as assets of the bench page; TF.js picks one by what the
// browser supports (threads need a cross-origin-isolated page, which the bench page is not).
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlainUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
});

export const TFJS_VERSION = tf.version.tfjs;

export const TFJS_LOSS_READBACK =
  'model.trainOnBatch(x, y) per step (x, y made into tensors from the same Float32Arrays each step); ' +
  'trainOnBatch awaits loss.data(), an asynchronous readback of the loss to the host, before it resolves.';

export const TFJS_GRU_NOTE =
  'tf.layers.gru rejects resetAfter: true in TF.js 4.22 (it throws), so the TF.js GRU applies the reset ' +
  'gate before its recurrent matmul (Keras reset_after=false); the matmul sizes and op count per step ' +
  'are the same as PyTorch’s formulation, which ours follows.';

async function switchBackend(backend: TfjsBackend): Promise<string | null> {
  try {
    const ok = await tf.setBackend(backend);
    await tf.ready();
    if (!ok || tf.getBackend() !== backend) return `TF.js could not initialise its ${backend} backend here`;
    return null;
  } catch (err) {
    return `TF.js ${backend} backend failed to initialise: ${String(err)}`;
  }
}

async function backendNote(backend: TfjsBackend): Promise<string> {
  if (backend === 'wasm') {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    return `tfjs ${TFJS_VERSION} wasm (simd: ${simd}, threads: ${threads})`;
  }
  if (backend === 'webgpu') {
    return `tfjs ${TFJS_VERSION} webgpu (default flags: WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE=${tf.env().get('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE')}, WEBGPU_CPU_FORWARD=${tf.env().get('WEBGPU_CPU_FORWARD')})`;
  }
  return `tfjs ${TFJS_VERSION} cpu (plain JavaScript)`;
}

/** Same architecture as ours: L stacked cells (lower ones return sequences), last hidden state → dense(1). */
function buildModel(request: SessionRequest): tf.Sequential {
  const { workload, cell, optimizer } = request;
  const model = tf.sequential();
  for (let k = 0; k < workload.layers; k++) {
    const layerArgs = {
      units: workload.H,
      returnSequences: k < workload.layers - 1,
      recurrentActivation: 'sigmoid' as const,
      // Glorot for the recurrent kernel too: TF.js's default orthogonal initialiser runs a slow QR at
      // build time (set-up only; it does not change the per-step cost).
      recurrentInitializer: 'glorotUniform' as const,
      ...(k === 0 ? { inputShape: [workload.T, workload.F] } : {}),
    };
    model.add(cell === 'lstm' ? tf.layers.lstm(layerArgs) : tf.layers.gru(layerArgs));
  }
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({
    optimizer: tf.train.adam(optimizer.lr, optimizer.beta1, optimizer.beta2, optimizer.eps),
    loss: 'meanSquaredError',
  });
  return model;
}

export async function createTfjsSession(
  backend: TfjsBackend,
  request: SessionRequest,
): Promise<SessionOrSkip> {
  const failure = await switchBackend(backend);
  if (failure) return { ok: false, reason: failure };
  const note = await backendNote(backend);
  const model = buildModel(request);
  const { batches, workload } = request;
  let next = 0;
  return {
    ok: true,
    session: {
      note,
      async step() {
        const batch = batches[next++ % batches.length];
        const x = tf.tensor3d(batch.x, [workload.batch, workload.T, workload.F]);
        const y = tf.tensor2d(batch.y, [workload.batch, 1]);
        const loss = await model.trainOnBatch(x, y);
        x.dispose();
        y.dispose();
        return Array.isArray(loss) ? loss[0] : loss;
      },
      dispose() {
        model.optimizer.dispose();
        model.dispose();
        tf.disposeVariables();
      },
    },
  };
}

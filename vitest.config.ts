import { defineConfig } from 'vitest/config';

// Two projects: `unit` runs pure TypeScript in Node; `gpu` runs WGSL kernels in Node through the
// `webgpu` package (Dawn) on whatever Vulkan driver the environment provides (SwiftShader here,
// see scripts/gpu-env.sh). GPU tests run one file at a time: they share one software GPU.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          // Generous: a loaded 2-core CI machine can run the training tests several times slower.
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'gpu',
          include: ['tests/gpu/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['tests/gpu/setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

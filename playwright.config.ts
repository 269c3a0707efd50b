import { defineConfig } from '@playwright/test';

// Headless Debian Chromium with WebGPU on SwiftShader (or a real GPU where the machine has one).
// WebGPU is exposed only to pages served from http://localhost, so the tests run against
// `vite preview` of the production build on E2E_PORT.
// E2E_DIST serves another build folder, so that two checkouts' builds can be tested side by side.
const port = Number(process.env.E2E_PORT ?? 4173);
const dist = process.env.E2E_DIST ? ` --outDir ${process.env.E2E_DIST}` : '';
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const WEBGPU_FLAGS = [
  '--enable-unsafe-webgpu',
  '--enable-unsafe-swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--use-angle=swiftshader',
  '--enable-features=Vulkan',
];
const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export default defineConfig({
  testDir: 'e2e',
  timeout: 180_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: process.env.E2E_DIST ? `test-results-${port}` : 'test-results',
  use: {
    baseURL: `http://localhost:${port}`,
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
  },
  projects: [
    {
      name: 'webgpu',
      testIgnore: /no-webgpu\.spec\.ts/,
      use: {
        launchOptions: { executablePath: chromiumPath, args: [...WEBGPU_FLAGS, ...QUIET_FLAGS] },
      },
    },
    {
      // The same browser with WebGPU switched off: the page must fall back to the CPU engine.
      name: 'no-webgpu',
      testMatch: /no-webgpu\.spec\.ts/,
      use: {
        launchOptions: { executablePath: chromiumPath, args: ['--disable-features=WebGPU', ...QUIET_FLAGS] },
      },
    },
  ],
  webServer: {
    command: `npx vite preview --port ${port} --strictPort${dist}`,
    url: `http://localhost:${port}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});

// Installs the WebGPU globals (GPUBufferUsage, …) from the `webgpu` package before any test imports.
import { globals } from 'webgpu';

Object.assign(globalThis, globals);

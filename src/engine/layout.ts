import { GATES, type ModelConfig, type ParamTensor } from './types';

/**
 * The flat parameter vector, in PyTorch `state_dict` order:
 * per layer k: weight_ih_l{k} (G·H, in), weight_hh_l{k} (G·H, H), bias_ih_l{k} (G·H), bias_hh_l{k} (G·H);
 * then head.weight (O, H) and head.bias (O).
 * Both engines and the optimiser use this one layout, so weights move between them unchanged.
 */
export function paramLayout(config: ModelConfig): ParamTensor[] {
  const { hiddenSize: H, numLayers: L, inputSize: F, outputSize: O } = config;
  const G = GATES[config.cell];
  const tensors: ParamTensor[] = [];
  let offset = 0;
  const add = (name: string, shape: number[]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    tensors.push({ name, shape, offset, size });
    offset += size;
  };
  for (let k = 0; k < L; k++) {
    const inSize = k === 0 ? F : H;
    add(`weight_ih_l${k}`, [G * H, inSize]);
    add(`weight_hh_l${k}`, [G * H, H]);
    add(`bias_ih_l${k}`, [G * H]);
    add(`bias_hh_l${k}`, [G * H]);
  }
  add('head.weight', [O, H]);
  add('head.bias', [O]);
  return tensors;
}

export function paramCount(config: ModelConfig): number {
  const layout = paramLayout(config);
  const last = layout[layout.length - 1];
  return last.offset + last.size;
}

export function findTensor(layout: ParamTensor[], name: string): ParamTensor {
  const tensor = layout.find((t) => t.name === name);
  if (!tensor) throw new Error(`no parameter named ${name}`);
  return tensor;
}

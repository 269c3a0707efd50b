// A trained model as a PyTorch state_dict in safetensors form.
//
// The Python side is one small module (README "Saved runs, export and sharing"):
//   class Forecaster(nn.Module):
//       rnn  = nn.LSTM | nn.GRU(input_size=F, hidden_size=H, num_layers=L, batch_first=True)
//       head = nn.Linear(H, O)
//       forward(x (B, T, F)) = head(rnn(x)[0][:, -1, :])          # (B, O)
// so the recurrent tensors are prefixed "rnn." and the head keeps "head.", and
// `model.load_state_dict(load_file(path))` works with no renaming.

import { type CalendarColumn, calendarColumnsIn } from '../data/calendar';
import type { Formulation } from '../data/formulation';
import { paramCount, paramLayout } from '../engine/layout';
import type { ModelConfig } from '../engine/types';
import { MODEL_FILE_FORMAT } from './configFile';
import { type NamedTensor, readSafetensors, writeSafetensors } from './safetensors';

/** The state_dict key of one tensor of `paramLayout`. */
export function stateDictName(layoutName: string): string {
  return layoutName.startsWith('head.') ? layoutName : `rnn.${layoutName}`;
}

/**
 * What the networks were trained to predict. Runs saved before formulations existed predicted levels.
 * 'change': inputs are each scaled column minus its value at the window's last step, and the outputs are
 * changes from the targets' scaled last values (add those back, then unscale).
 */
export function formulationOf(config: unknown): Formulation {
  const f = (config as { data?: { prepare?: { formulation?: unknown } } } | null)?.data?.prepare?.formulation;
  return f === 'change' ? 'change' : 'level';
}

/**
 * The calendar input columns of a run (sin/cos of a cycle, computed from each row's UTC time and never
 * made relative to the window's last row), recognised among the saved scaler's columns.
 */
export function calendarOf(scaler: unknown): CalendarColumn[] {
  const columns = (scaler as { columns?: unknown } | null)?.columns;
  return Array.isArray(columns) ? calendarColumnsIn(columns.map(String)) : [];
}

/** Everything in the file besides the weights; each value is stored as a JSON string in `__metadata__`. */
export interface ExportMetadata {
  /** The model's shape: cell, F, H, L, O, dropout, seed. */
  model: ModelConfig;
  /** The training configuration the run used (data settings and both models' settings). */
  config: unknown;
  /**
   * The fitted scaler, so a user can scale inputs and unscale outputs exactly like the page: (value − offset) /
   * scale per column, of ln(value) where its `log` list (present with the log transform) is true.
   */
  scaler: unknown;
}

export const EXPORT_FORMAT = 'forecast-lab/1';

export function exportModelSafetensors(weights: Float32Array, meta: ExportMetadata): Uint8Array {
  const expected = paramCount(meta.model);
  if (weights.length !== expected) {
    throw new Error(`weights hold ${weights.length} values; a model of this shape has ${expected}`);
  }
  const tensors: NamedTensor[] = paramLayout(meta.model).map((t) => ({
    name: stateDictName(t.name),
    shape: t.shape,
    data: weights.subarray(t.offset, t.offset + t.size),
  }));
  return writeSafetensors(tensors, {
    format: 'pt',
    producer: EXPORT_FORMAT,
    cell: meta.model.cell,
    model: JSON.stringify(meta.model),
    config: JSON.stringify(meta.config ?? null),
    scaler: JSON.stringify(meta.scaler ?? null),
    formulation: JSON.stringify(formulationOf(meta.config)),
    calendar: JSON.stringify(calendarOf(meta.scaler)),
  });
}

/** The parts of a PyTorch project's config.json (src/persist/pytorchProject.ts) a weights file needs. */
export interface ProjectConfig {
  model: ModelConfig;
  /** The page's settings of the run. */
  page: unknown;
}

/** A PyTorch project's config.json, or why it is not one. */
export function parseProjectConfig(
  text: string,
): { ok: true; value: ProjectConfig } | { ok: false; message: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, message: 'config.json is not valid JSON.' };
  }
  const d = doc as { format?: unknown; model?: unknown; page?: unknown } | null;
  if (d?.format !== 'forecast-lab/pytorch-project' || typeof d.model !== 'object' || d.model === null)
    return { ok: false, message: 'This config.json is not from a Forecast Lab PyTorch project.' };
  return { ok: true, value: { model: d.model as ModelConfig, page: d.page ?? null } };
}

export type ImportedModel =
  | { ok: true; weights: Float32Array; meta: ExportMetadata }
  | { ok: false; error: { kind: 'bad-model-file'; message: string } };

/**
 * Reads a weights file back into a flat weight vector in `paramLayout` order: one written by
 * `exportModelSafetensors` (its metadata says the model), or by a PyTorch project's train.py, whose model,
 * settings and scaler come from the project's config.json (`project`).
 */
export function importModelSafetensors(bytes: Uint8Array, project?: ProjectConfig): ImportedModel {
  const bad = (message: string): ImportedModel => ({ ok: false, error: { kind: 'bad-model-file', message } });
  const parsed = readSafetensors(bytes);
  if (!parsed.ok) return bad(parsed.error.message);
  const { tensors, metadata } = parsed.value;
  let meta: ExportMetadata;
  try {
    meta = {
      model: JSON.parse(metadata.model ?? 'null') ?? project?.model ?? null,
      config: JSON.parse(metadata.config ?? 'null') ?? project?.page ?? null,
      scaler: JSON.parse(metadata.scaler ?? 'null'),
    };
  } catch {
    return bad('The file metadata is not valid JSON.');
  }
  if (!meta.model || typeof meta.model !== 'object')
    return bad('The file does not say which model it holds: drop it together with its config.json.');
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const weights = new Float32Array(paramCount(meta.model));
  for (const t of paramLayout(meta.model)) {
    const found = byName.get(stateDictName(t.name));
    if (!found) return bad(`The file has no tensor ${stateDictName(t.name)}.`);
    if (found.shape.join('x') !== t.shape.join('x')) {
      return bad(`Tensor ${found.name} has shape [${found.shape}], expected [${t.shape}].`);
    }
    weights.set(found.data, t.offset);
  }
  return { ok: true, weights, meta };
}

/** The JSON written beside the weights: everything needed to rebuild the model and its inputs in Python. */
export function modelSidecarJson(meta: ExportMetadata & { optimizer?: unknown; dataset?: unknown }): string {
  const doc = {
    format: MODEL_FILE_FORMAT,
    version: 1,
    model: meta.model,
    tensors: paramLayout(meta.model).map((t) => ({ name: stateDictName(t.name), shape: t.shape })),
    config: meta.config ?? null,
    scaler: meta.scaler ?? null,
    formulation: formulationOf(meta.config),
    calendar: calendarOf(meta.scaler),
    optimizer: meta.optimizer ?? null,
    dataset: meta.dataset ?? null,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

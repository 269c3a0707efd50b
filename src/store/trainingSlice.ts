// Training slice: the current run, its live progress (arriving in batches from the worker),
// and the results the comparison views draw. Worker messages arrive at `receive`, which hands a sweep's to
// the tune slice by their scope and applies a run's.

import { CELLS, type NumericSetting, settingsProblems } from '../config';
import { importModelSafetensors, type ProjectConfig, parseProjectConfig } from '../persist/modelExport';
import { runProject } from '../persist/runProject';
import { validateTrainingConfig } from '../persist/trainingConfig';
import { isSweepMessage, type ModelStatus, type TrainingFailure } from '../worker/protocol';
import type { TrainerPort } from '../worker/trainerPort';
import { addLossPoints, forecastRows, lossRows, lossSummary, metricsRows, predictionRows } from './chartRows';
import type { PlaygroundDeps } from './deps';
import { modelSetup } from './modelSettings';
import type { ModelFileProblem } from './problems';
import type { RunIds } from './runIds';
import { applyTrainingConfig, configFromPlayground } from './savedRunsConfig';
import { dataRequest, loadedData, sameData, selectIsRunning, sweepMatchesRun } from './selectors';
import { type RunSetup, withPacedModel } from './tuneSlice';
import type { Slice, TrainingSlice, TrainingState } from './types';

const IDLE_STATUS = { status: 'waiting' as ModelStatus, note: null };

function freshRun(runId: number): Partial<TrainingState> {
  return {
    runId,
    runStatus: 'starting',
    runData: null,
    projectSource: null,
    engines: {},
    modelStatus: { lstm: IDLE_STATUS, gru: IDLE_STATUS },
    progress: { lstm: null, gru: null },
    elapsedMs: 0,
    etaMs: 0,
    lossPoints: { lstm: [], gru: [] },
    lossRows: [],
    lossSummary: 'No completed epochs yet.',
    context: null,
    baselines: [],
    backtest: null,
    backtestRetrain: null,
    results: {},
    forecastPreviews: {},
    predictionRows: [],
    forecastRows: [],
    metricsRows: [],
    notices: [],
    startProblem: null,
    stoppedByUser: false,
  };
}

export const createTrainingSlice =
  (deps: PlaygroundDeps, runIds: RunIds): Slice<TrainingSlice> =>
  (set, get) => {
    let trainer: TrainerPort | null = null;
    let noticeId = 0;
    /** The started run's settings and data size, for its pace once its results come. */
    let runSetup: RunSetup | null = null;
    const port = () => {
      if (!trainer) {
        trainer = deps.createTrainer();
        trainer.listen((message) => get().receive(message));
      }
      return trainer;
    };
    const addNotice = (failure: TrainingFailure) =>
      set({ notices: [...get().notices, { id: ++noticeId, failure }] });
    const refreshResults = () => {
      const { context, results, forecastPreviews, baselines, tuneResult } = get();
      // the sweep's ensembles join the comparison when they were scored on the same data and test points
      const tuned = sweepMatchesRun(get()) ? tuneResult : null;
      const k = tuned?.members.length ?? 0;
      const ensembles = (tuned?.ensembles ?? []).map((e) => ({
        id: `ensemble-${e.kind}` as const,
        name: `Sweep ensemble (${e.kind} of the best ${k})`,
        metrics: e.metrics,
      }));
      const mean = tuned?.ensembles.find((e) => e.kind === 'mean')?.forecast ?? null;
      set({
        metricsRows: metricsRows(results, baselines, ensembles),
        predictionRows: context ? predictionRows(context, results, baselines) : [],
        forecastRows: context ? forecastRows(context, results, 0, mean, forecastPreviews, baselines) : [],
      });
    };

    return {
      ...(freshRun(0) as TrainingState),
      runStatus: 'idle',
      lastRunPace: null,
      loadedModel: null,
      modelFileProblem: null,

      trainBoth: (from, options) => {
        if (get().preparing) {
          // settings changed a moment ago: start once the worker has prepared them
          void get()
            .whenPrepared()
            .then(() => get().trainBoth(from, options));
          return;
        }
        const state = get();
        const { table, prepared, models } = state;
        if (!table || !prepared) {
          set({ startProblem: { kind: 'no-data' } });
          return;
        }
        if (!prepared.ok) {
          set({ startProblem: { kind: 'data', error: prepared.error } });
          return;
        }
        for (const model of CELLS) {
          const problems = Object.entries(settingsProblems(models[model])) as [NumericSetting, string][];
          if (problems.length > 0) {
            const [field, problem] = problems[0];
            set({ startProblem: { kind: 'invalid-setting', model, field, problem } });
            return;
          }
        }
        const shape = {
          inputSize: prepared.summary.inputSize,
          outputSize: prepared.summary.outputSize,
        };
        const runId = runIds.next();
        runSetup = {
          runId,
          shape: {
            ...shape,
            windowLength: state.prepareOptions.window.inputLength,
            trainWindows: prepared.summary.windows.train,
            valWindows: prepared.summary.windows.val,
          },
          settings: models,
        };
        set({ ...freshRun(runId), runData: loadedData(state) });
        port().post({
          type: 'start',
          runId,
          ...dataRequest(state, table.id),
          evaluateOnly: options?.evaluateOnly ?? false,
          models: {
            lstm: { ...modelSetup('lstm', models.lstm, shape), initialWeights: from?.lstm },
            gru: { ...modelSetup('gru', models.gru, shape), initialWeights: from?.gru },
          },
        });
      },
      pause: () => {
        if (get().runStatus === 'training') port().post({ type: 'pause' });
      },
      resume: () => {
        if (get().runStatus === 'paused') port().post({ type: 'resume' });
      },
      stop: () => {
        const status = get().runStatus;
        if (status === 'training' || status === 'paused' || status === 'starting') {
          set({ runStatus: 'stopping' });
          port().post({ type: 'stop' });
        } else if (get().backtestRetrain?.kind === 'running') {
          port().post({ type: 'stop' });
        }
      },
      retrainBacktest: () => {
        const { runStatus, backtest, backtestRetrain, runId } = get();
        if (runStatus !== 'finished' || !backtest || backtestRetrain?.kind === 'running') return;
        set({
          backtestRetrain: {
            kind: 'running',
            done: 0,
            total: backtest.originTimes.length * CELLS.length,
            originTime: backtest.originTimes[0],
            model: CELLS[0],
          },
        });
        port().post({ type: 'retrain-backtest', runId });
      },
      simulateDeviceLoss: () => port().post({ type: 'simulate-device-loss' }),
      dismissNotice: (id) => set({ notices: get().notices.filter((n) => n.id !== id) }),

      clearRunResults: () => {
        const state = get();
        if (selectIsRunning(state) || (state.runStatus === 'idle' && state.runData === null)) return;
        // the same file loaded again: the results are still about it
        if (sameData(state.runData, loadedData(state))) return;
        // a backtest retraining of the finished run stops with it
        if (state.backtestRetrain?.kind === 'running') port().post({ type: 'stop' });
        // the next run id: messages still on their way from the cleared run are dropped
        set({ ...freshRun(runIds.next()), runStatus: 'idle' });
      },
      sendToTrainer: (message) => port().post(message),
      refreshComparison: refreshResults,
      loadModelFiles: async (files) => {
        const problem = (modelFileProblem: ModelFileProblem) => set({ modelFileProblem, loadedModel: null });
        const weightsFile = files.find((f) => f.name.toLowerCase().endsWith('.safetensors'));
        const configFile = files.find((f) => f.name.toLowerCase().endsWith('.json'));
        if (!weightsFile) {
          problem({ kind: 'no-weights-file' });
          return;
        }
        const fileName = weightsFile.name;
        let project: ProjectConfig | undefined;
        if (configFile) {
          const parsed = parseProjectConfig(await configFile.text());
          if (!parsed.ok) {
            problem({ kind: 'bad-project-config', message: parsed.message });
            return;
          }
          project = parsed.value;
        }
        const imported = importModelSafetensors(new Uint8Array(await weightsFile.arrayBuffer()), project);
        if (!imported.ok) {
          problem({ kind: 'bad-weights', fileName, message: imported.error.message });
          return;
        }
        const checked = validateTrainingConfig(imported.meta.config);
        if (!checked.ok) {
          problem({ kind: 'unusable-settings', fileName, issue: checked.issues[0] });
          return;
        }
        const issues = await applyTrainingConfig({ getState: get }, checked.config);
        if (!get().table) {
          problem({ kind: 'no-data', issue: issues[0] ?? null });
          return;
        }
        const cell = imported.meta.model.cell;
        set({
          loadedModel: { cell, weights: imported.weights, fileName },
          modelFileProblem: null,
        });
        get().trainBoth({ [cell]: imported.weights }, { evaluateOnly: true });
      },
      exportProject: (cell) => {
        const state = get();
        const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
        return runProject(
          {
            name: `${state.source?.name ?? 'run'} ${when}`,
            config: configFromPlayground(state),
            source: state.projectSource,
            trainedWeights: state.results[cell]?.weights,
          },
          cell,
        );
      },

      receive: (message) => {
        // routed by scope (MESSAGE_SCOPE): a sweep's messages to the tune slice, a run's applied here
        if (isSweepMessage(message)) {
          get().receiveTune(message);
          return;
        }
        // ignore messages from a run that was replaced; -1 comes from the worker itself (a crash)
        if (message.runId !== get().runId && message.runId !== -1) return;
        switch (message.type) {
          case 'started':
            set({
              runStatus: 'training',
              context: message.context,
              baselines: message.baselines,
              backtest: null,
            });
            refreshResults();
            break;
          case 'backtest':
            set({ backtest: message.backtest });
            break;
          case 'backtest-retrain':
            set({ backtestRetrain: message.state });
            break;
          case 'project-source':
            set({ projectSource: message.source });
            break;
          case 'classical':
            set({ baselines: [...get().baselines, ...message.baselines] });
            refreshResults();
            break;
          case 'engine':
            set({ engines: { ...get().engines, [message.model]: message.info } });
            break;
          case 'progress': {
            const lossPoints = addLossPoints(get().lossPoints, message.points);
            set({
              progress: message.models,
              engines: { lstm: message.models.lstm.engine, gru: message.models.gru.engine },
              elapsedMs: message.elapsedMs,
              etaMs: message.etaMs,
              ...(lossPoints !== get().lossPoints
                ? { lossPoints, lossRows: lossRows(lossPoints), lossSummary: lossSummary(lossPoints) }
                : {}),
            });
            break;
          }
          case 'model-status':
            set({
              modelStatus: {
                ...get().modelStatus,
                [message.model]: { status: message.status, note: message.note },
              },
            });
            // a model's failure is also a run message, with its action (e.g. a lower learning rate)
            if (
              (message.status === 'diverged' || message.status === 'failed') &&
              message.note.kind === 'failed'
            )
              addNotice(message.note.failure);
            break;
          case 'result':
            set({
              results: { ...get().results, [message.result.model]: message.result },
              // the sweep's estimate scales by the last measured pace (an evaluation alone measures none)
              ...(runSetup?.runId === message.runId && message.result.samplesPerSec > 0
                ? {
                    lastRunPace: withPacedModel(
                      get().lastRunPace,
                      runSetup,
                      get().engines[message.result.model]?.kind ?? 'cpu',
                      message.result,
                      get().modelStatus[message.result.model].status,
                    ),
                  }
                : {}),
            });
            refreshResults();
            break;
          case 'forecast-preview':
            if (get().results[message.model]) break; // the model's result came first: it stands
            set({
              forecastPreviews: {
                ...get().forecastPreviews,
                [message.model]: { epoch: message.epoch, forecast: message.forecast },
              },
            });
            refreshResults();
            break;
          case 'notice':
            addNotice(message.failure);
            break;
          case 'paused':
            set({ runStatus: 'paused' });
            break;
          case 'resumed':
            set({ runStatus: 'training' });
            break;
          case 'training-ended':
            set({ runStatus: 'evaluating', etaMs: 0, stoppedByUser: message.stopped });
            break;
          case 'finished':
            set({ runStatus: 'finished', etaMs: 0, stoppedByUser: message.stopped });
            break;
          case 'failed':
            set({ runStatus: 'failed' });
            addNotice(message.error);
            break;
        }
      },
    };
  };

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PREPARE_OPTIONS } from '../../../src/data/types';
import { CONFIG_FILE_FORMAT, configToJson, parseConfigFile } from '../../../src/persist/configFile';
import { decodeConfig, encodeConfig, shareUrl } from '../../../src/persist/shareLink';
import {
  CONFIG_PROPS,
  configDifferences,
  defaultTrainingConfig,
  describeDifferences,
  getAt,
  type PropSpec,
  setAt,
  type TrainingConfig,
  withAbsentSettings,
} from '../../../src/persist/trainingConfig';

function leafPaths(obj: unknown, prefix: string[] = []): string[] {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return [prefix.join('.')];
  return Object.entries(obj).flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
}

function valueArb(spec: PropSpec): fc.Arbitrary<unknown> {
  switch (spec.type) {
    case 'int':
      return fc.integer({ min: spec.min, max: spec.max });
    case 'number':
      return fc
        .double({ min: spec.min, max: spec.max, noNaN: true, noDefaultInfinity: true })
        .filter((v) => !(spec.minExclusive && v <= spec.min))
        .map((v) => (Object.is(v, -0) ? 0 : v));
    case 'enum':
      return fc.constantFrom(...spec.values);
    case 'string':
      return spec.nullable
        ? fc.option(fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/), { nil: null })
        : fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/);
    case 'list':
      // Column names with characters that need escaping in a URL: commas, ampersands, spaces, unicode.
      return fc.array(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 4 });
    case 'numbers': {
      const item = spec.integer
        ? fc.integer({ min: spec.min, max: spec.max })
        : fc
            .double({ min: spec.min, max: spec.max, noNaN: true, noDefaultInfinity: true })
            .map((v) => (Object.is(v, -0) ? 0 : v));
      return fc.array(item, { minLength: spec.empty ? 0 : 1, maxLength: 4 });
    }
    case 'enums':
      return fc.subarray([...spec.values], { minLength: 1 });
  }
}

/** Any valid TrainingConfig: every property from its own spec, with a split that adds up to 1. */
const configArb: fc.Arbitrary<TrainingConfig> = fc
  .tuple(
    fc.tuple(...CONFIG_PROPS.map((p) => valueArb(p.spec))),
    fc.integer({ min: 1, max: 98 }),
    fc.integer({ min: 0, max: 98 }),
  )
  .filter(([, train, val]) => train + val <= 100)
  .map(([values, train, val]) => {
    const config = defaultTrainingConfig();
    CONFIG_PROPS.forEach((p, i) => {
      setAt(config, p.path, values[i]);
    });
    config.data.prepare.split = { train: train / 100, val: val / 100, test: (100 - train - val) / 100 };
    return config;
  })
  .filter((c) => {
    const { train, val, test } = c.data.prepare.split;
    return Math.abs(train + val + test - 1) <= 1e-6;
  });

describe('the config property table', () => {
  it('covers every leaf of TrainingConfig exactly once', () => {
    const leaves = leafPaths(defaultTrainingConfig()).sort();
    const covered = CONFIG_PROPS.map((p) => p.path.join('.')).sort();
    expect(covered).toEqual(leaves);
    expect(new Set(CONFIG_PROPS.map((p) => p.key)).size).toBe(CONFIG_PROPS.length);
  });

  it('accepts its own defaults', () => {
    const d = defaultTrainingConfig();
    expect(decodeConfig(encodeConfig(d))).toEqual({ present: true, config: d, issues: [] });
  });
});

describe('the tuning sweep in links and files', () => {
  it('carries the sweep, with an empty window list kept apart from a missing one', () => {
    const config = defaultTrainingConfig();
    config.tune = { ...config.tune, cells: ['gru'], hiddenSizes: [16, 64], windowLengths: [], topK: 2 };
    const params = encodeConfig(config);
    expect(params.getAll('tune.hidden')).toEqual(['16', '64']);
    expect(params.get('tune.window')).toBe('');
    expect(decodeConfig(params).config.tune).toEqual(config.tune);
    config.tune.windowLengths = [12, 24];
    expect(decodeConfig(encodeConfig(config)).config.tune.windowLengths).toEqual([12, 24]);
  });

  it('refuses bad sweep values with the setting named, keeping the default', () => {
    const { config, issues } = decodeConfig('tune.hidden=16&tune.hidden=abc&tune.cells=rnn&tune.topK=0');
    expect(config.tune).toEqual(defaultTrainingConfig().tune);
    expect(issues.map((i) => i.key)).toEqual(['tune.cells', 'tune.hidden', 'tune.topK']);
    expect(issues[1].message).toMatch(/^tuning hidden sizes: expected numbers/);
  });
});

describe('shareable links', () => {
  it('round-trip any valid configuration exactly', () => {
    fc.assert(
      fc.property(configArb, (config) => {
        const url = shareUrl('https://example.org/lab/?old=1#x', config);
        const decoded = decodeConfig(new URL(url).search);
        expect(decoded.issues).toEqual([]);
        expect(decoded.config).toEqual(config);
      }),
      { numRuns: 200 },
    );
  });

  it('restores nothing and reports nothing for a plain visit', () => {
    expect(decodeConfig('')).toEqual({ present: false, config: defaultTrainingConfig(), issues: [] });
    expect(decodeConfig('?utm=1').present).toBe(false);
  });

  it('keeps the default for each bad value, says why, and still uses the good ones', () => {
    const d = decodeConfig('?lstm.hidden=abc&gru.hidden=48&lstm.lr=0&gru.opt=lbfgs&window=2.5&lstm.epochs=');
    expect(d.present).toBe(true);
    expect(d.config.models.gru.hiddenSize).toBe(48);
    expect(d.config.models.lstm.hiddenSize).toBe(32);
    expect(d.config.models.lstm.lr).toBe(3e-3);
    expect(d.config.models.gru.optimizer).toBe('adam');
    expect(d.config.data.prepare.window.inputLength).toBe(DEFAULT_PREPARE_OPTIONS.window.inputLength);
    expect(d.issues.map((i) => i.key).sort()).toEqual(
      ['gru.opt', 'lstm.epochs', 'lstm.hidden', 'lstm.lr', 'window'].sort(),
    );
    expect(d.issues.find((i) => i.key === 'lstm.lr')?.message).toMatch(/learning rate: 0 is out of range/);
    expect(d.issues.find((i) => i.key === 'gru.opt')?.message).toMatch(
      /"lbfgs" is not one of adam, sgd, rmsprop/,
    );
  });

  it('refuses a split that does not add up to 1 and a malformed sample id', () => {
    const d = decodeConfig('?train=0.9&val=0.2&test=0.1&sample=../../etc');
    expect(d.config.data.prepare.split).toEqual(defaultTrainingConfig().data.prepare.split);
    expect(d.config.data.sampleId).toBeNull();
    expect(d.issues.map((i) => i.key).sort()).toEqual(['sample', 'train']);
  });

  it('writes a readable, complete query string', () => {
    const config = defaultTrainingConfig();
    config.data.sampleId = 'sine';
    config.data.roles.targets = ['a,b', 'c&d'];
    const params = encodeConfig(config);
    expect(params.get('sample')).toBe('sine');
    expect(params.getAll('targets')).toEqual(['a,b', 'c&d']);
    expect(params.get('lstm.hidden')).toBe('32');
    expect(params.has('time')).toBe(false);
    for (const p of CONFIG_PROPS) {
      const v = getAt(config, p.path);
      if (v !== null && !(Array.isArray(v) && v.length === 0)) expect(params.has(p.key)).toBe(true);
    }
  });
});

describe('config file import', () => {
  it('round-trips through configToJson', () => {
    fc.assert(
      fc.property(configArb, (config) => {
        const back = parseConfigFile(configToJson(config));
        expect(back).toEqual({ ok: true, config });
      }),
      { numRuns: 50 },
    );
  });

  it('fills missing properties with defaults and accepts a bare config', () => {
    const r = parseConfigFile(JSON.stringify({ models: { gru: { hiddenSize: 8 } } }));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.config.models.gru.hiddenSize).toBe(8);
      expect(r.config.models.lstm).toEqual(defaultTrainingConfig().models.lstm);
    }
  });

  it.each([
    ['', /is empty/],
    ['{not json', /not valid JSON/],
    ['[1,2]', /expected a JSON object/],
    ['{"hello":1}', /not a Forecast Lab configuration/],
    [JSON.stringify({ format: CONFIG_FILE_FORMAT, version: 7, config: {} }), /newer version/],
    [
      JSON.stringify({
        format: CONFIG_FILE_FORMAT,
        version: 1,
        config: { models: { lstm: { hiddenSize: -3 } } },
      }),
      /LSTM hidden units: -3 is out of range/,
    ],
    [
      JSON.stringify({
        format: CONFIG_FILE_FORMAT,
        config: { data: { prepare: { split: { train: 0.5 } } } },
      }),
      /add up to 1/,
    ],
    [
      JSON.stringify({ format: CONFIG_FILE_FORMAT, config: { data: { roles: { targets: 'y' } } } }),
      /target columns: expected a list/,
    ],
  ])('refuses %j with a clear message', (text, message) => {
    const r = parseConfigFile(text, 'config.json');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('bad-config-file');
      expect(r.error.message).toMatch(message);
      expect(r.error.message).toMatch(/^config\.json /);
    }
  });
});

describe('the seasonal adjustment setting', () => {
  /** Runs `body` with `value` as the default of new runs, as another version of the page would have it. */
  function withDefault(value: 'auto' | 'off', body: () => void) {
    const before = DEFAULT_PREPARE_OPTIONS.seasonalAdjust;
    DEFAULT_PREPARE_OPTIONS.seasonalAdjust = value;
    try {
      body();
    } finally {
      if (before === undefined) delete DEFAULT_PREPARE_OPTIONS.seasonalAdjust;
      else DEFAULT_PREPARE_OPTIONS.seasonalAdjust = before;
    }
  }

  /** A configuration as saved before the option existed: no seasonalAdjust at all. */
  function savedBefore(): TrainingConfig {
    const config = defaultTrainingConfig();
    delete config.data.prepare.seasonalAdjust;
    return config;
  }

  it('is written into links and files and read back', () => {
    const config = defaultTrainingConfig();
    config.data.prepare.seasonalAdjust = 'auto';
    expect(encodeConfig(config).get('seasonalAdjust')).toBe('auto');
    expect(decodeConfig(encodeConfig(config)).config.data.prepare.seasonalAdjust).toBe('auto');
    expect(JSON.parse(configToJson(config)).config.data.prepare.seasonalAdjust).toBe('auto');
    const back = parseConfigFile(configToJson(config));
    expect(back.ok && back.config.data.prepare.seasonalAdjust).toBe('auto');
  });

  it('gives new runs the data pipeline default', () => {
    for (const value of ['auto', 'off'] as const) {
      withDefault(value, () => {
        expect(defaultTrainingConfig().data.prepare.seasonalAdjust).toBe(value);
        expect(decodeConfig('').config.data.prepare.seasonalAdjust).toBe(value);
      });
    }
  });

  it('reads as off from links, files and saved runs made before it existed, whatever the default', () => {
    withDefault('auto', () => {
      const old = savedBefore();
      const link = decodeConfig(encodeConfig(old));
      expect(link.issues).toEqual([]);
      expect(link.config.data.prepare.seasonalAdjust).toBe('off');
      expect(decodeConfig('?lstm.hidden=48').config.data.prepare.seasonalAdjust).toBe('off');
      const file = parseConfigFile(configToJson(old));
      expect(file.ok && file.config.data.prepare.seasonalAdjust).toBe('off');
      const bare = parseConfigFile(JSON.stringify({ models: { gru: { hiddenSize: 8 } } }));
      expect(bare.ok && bare.config.data.prepare.seasonalAdjust).toBe('off');
      expect(withAbsentSettings(old).data.prepare.seasonalAdjust).toBe('off');
      expect(old.data.prepare.seasonalAdjust).toBeUndefined(); // a copy: the saved run stays as it was
    });
  });

  it('refuses an unknown value, naming the setting', () => {
    const d = decodeConfig('?seasonalAdjust=yes');
    expect(d.issues).toEqual([
      {
        key: 'seasonalAdjust',
        message: 'seasonal adjustment: "yes" is not one of auto, off; kept the default',
      },
    ]);
    const file = parseConfigFile(
      JSON.stringify({ format: CONFIG_FILE_FORMAT, config: { data: { prepare: { seasonalAdjust: 'on' } } } }),
      'c.json',
    );
    expect(file.ok).toBe(false);
    if (!file.ok) expect(file.error.message).toMatch(/seasonal adjustment: "on" is not one of auto, off/);
  });

  it('shows in what changed between runs, an older run counting as off', () => {
    const auto = defaultTrainingConfig();
    auto.data.prepare.seasonalAdjust = 'auto';
    const off = defaultTrainingConfig();
    off.data.prepare.seasonalAdjust = 'off';
    expect(configDifferences([savedBefore(), auto])).toEqual([
      { key: 'seasonalAdjust', label: 'seasonal adjustment', values: ['off', 'auto'] },
    ]);
    expect(describeDifferences(configDifferences([off, auto]))).toBe('seasonal adjustment off→auto');
    expect(configDifferences([savedBefore(), off])).toEqual([]);
  });
});

describe('links that play', () => {
  it('adds autostart only when asked, beside the version', () => {
    const config = defaultTrainingConfig();
    const plain = new URL(shareUrl('http://localhost/', config));
    expect(plain.searchParams.has('autostart')).toBe(false);
    const playing = new URL(shareUrl('http://localhost/?x=1#top', config, true));
    expect(playing.searchParams.get('autostart')).toBe('1');
    expect(playing.searchParams.get('v')).toBe('1');
    expect(playing.hash).toBe('');
    // the decoder ignores it: it is an action, not a setting
    expect(decodeConfig(playing.search).issues).toEqual([]);
  });
});

describe('what changed between runs', () => {
  it('names only the settings that differ, with each run value', () => {
    const a = defaultTrainingConfig();
    const b = defaultTrainingConfig();
    const c = defaultTrainingConfig();
    b.models.lstm.hiddenSize = 64;
    c.models.lstm.hiddenSize = 128;
    c.models.gru.lr = 0.001;
    const diffs = configDifferences([a, b, c]);
    expect(diffs).toEqual([
      { key: 'lstm.hidden', label: 'LSTM hidden units', values: ['32', '64', '128'] },
      { key: 'gru.lr', label: 'GRU learning rate', values: ['0.003', '0.003', '0.001'] },
    ]);
    expect(describeDifferences(diffs, 2)).toBe('LSTM hidden units 128, GRU learning rate 0.001');
    expect(describeDifferences(configDifferences([a, b]))).toBe('LSTM hidden units 32→64');
    expect(describeDifferences(configDifferences([a, a]))).toBe('the same settings');
  });
});

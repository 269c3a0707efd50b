// One colour per series everywhere (charts, tables, legends); the CSS uses the same values.
export const COLORS = {
  lstm: '#2563eb',
  gru: '#ea580c',
  actual: '#0f172a',
  naive: '#94a3b8',
  seasonal: '#16a34a',
  ets: '#9333ea',
  arima: '#0d9488',
  theta: '#a16207',
  ensemble: '#be185d',
  combination: '#0f766e',
} as const;

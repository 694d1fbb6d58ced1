"""Is the chart drawn? ECharts paints into a canvas, so the browser tests and ``bench/dashboards.py`` count the
canvas pixels that carry the first series' colour."""

CHART = '[data-testid="stEChartsChart"] canvas'
"""A chart on the page (ECharts draws into a canvas)."""

# How many canvas pixels of the chart carry ``color`` (an "r,g,b" string) exactly: 0 until ECharts has drawn the
# first series, a few hundred for a line, thousands for bars. Playwright evaluates it with the color as argument.
PAINTED_JS = """(color) => {
  const canvas = document.querySelector('[data-testid="stEChartsChart"] canvas');
  if (!canvas || !canvas.width || !canvas.height) return 0;
  const [r, g, b] = color.split(',').map(Number);
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let n = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] === r && data[i + 1] === g && data[i + 2] === b) n++;
  return n;
}"""
FIRST_SERIES = "31,95,168"  # dashboards.charts.PALETTE[0], #1f5fa8

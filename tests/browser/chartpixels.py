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

# The centre (CSS pixels from the canvas' top left) of the pixels near ``color`` inside the canvas' top-left
# ``size`` × ``size`` corner, or null: where the chart's save button (drawn in dashboards.charts.ICON_COLOR) is.
FIND_JS = """([color, size]) => {
  const canvas = document.querySelector('[data-testid="stEChartsChart"] canvas');
  const [r, g, b] = color.split(',').map(Number), k = canvas.width / canvas.clientWidth, n = Math.round(size * k);
  const data = canvas.getContext('2d').getImageData(0, 0, n, n).data;
  let sx = 0, sy = 0, count = 0;
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
    const i = (y * n + x) * 4;
    if (data[i + 3] > 200 && Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 60) {
      sx += x; sy += y; count++;
    }
  }
  return count ? [sx / count / k, sy / count / k] : null;
}"""
ICON = "93,109,126"  # dashboards.charts.ICON_COLOR, #5d6d7e

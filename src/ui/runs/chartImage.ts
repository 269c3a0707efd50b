// Turns a chart (recharts renders SVG) into a PNG: serialise the SVG with its computed text styles,
// draw it on a canvas over a white background, and encode the canvas.

const TEXT_STYLES = ['font-family', 'font-size', 'font-weight', 'fill'] as const;

/** A standalone copy of `svg`: explicit size, namespace, and the text styles that came from CSS. */
function standaloneSvg(svg: SVGSVGElement): { markup: string; width: number; height: number } {
  const { width, height } = svg.getBoundingClientRect();
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(Math.round(width)));
  copy.setAttribute('height', String(Math.round(height)));
  const sourceTexts = svg.querySelectorAll('text');
  copy.querySelectorAll('text').forEach((text, i) => {
    const computed = getComputedStyle(sourceTexts[i]);
    for (const prop of TEXT_STYLES) {
      if (!text.style.getPropertyValue(prop)) text.style.setProperty(prop, computed.getPropertyValue(prop));
    }
  });
  return { markup: new XMLSerializer().serializeToString(copy), width, height };
}

/** The first SVG chart inside `container` (recharts also draws small SVG legend icons; the largest wins). */
export function findChartSvg(container: Element): SVGSVGElement | null {
  let best: SVGSVGElement | null = null;
  let bestArea = 0;
  container.querySelectorAll('svg').forEach((svg) => {
    const { width, height } = svg.getBoundingClientRect();
    if (width * height > bestArea) {
      best = svg;
      bestArea = width * height;
    }
  });
  return best;
}

export async function svgToPng(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const { markup, width, height } = standaloneSvg(svg);
  if (width === 0 || height === 0) throw new Error('The chart is not visible, so it cannot be drawn.');
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = new Image();
    image.decoding = 'sync';
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('The chart could not be drawn as an image.'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This browser cannot draw on a canvas.');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.scale(scale, scale);
    ctx.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed.'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

// The width of an element, kept up to date as it resizes: the SVG charts draw at their container's width.
import { useEffect, useState } from 'react';

/** Returns a callback ref for the element to measure, and its current width in CSS pixels (0 before). */
export function useWidth(): [(element: HTMLDivElement | null) => void, number] {
  const [element, setElement] = useState<HTMLDivElement | null>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    if (!element) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return [setElement, width];
}

// The sideways-scrolling box around a wide table. While its content is wider than the box, the box is a named,
// focusable region, so a keyboard user can tab to it and scroll with the arrow keys (a mouse or touch user
// scrolls it directly); when everything fits it is a plain box and adds no tab stop.
import { type ReactNode, useEffect, useState } from 'react';

/** Whether the element's content is wider than the element, kept up to date as either resizes. */
function useOverflowsSideways(element: HTMLElement | null): boolean {
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    if (!element) return;
    const measure = () => setOverflows(element.scrollWidth > element.clientWidth + 1);
    const sizes = new ResizeObserver(measure);
    const observeAll = () => {
      sizes.disconnect();
      sizes.observe(element);
      for (const child of element.children) sizes.observe(child);
      measure();
    };
    // Rows and columns come and go as training runs: a new child is observed too.
    const children = new MutationObserver(observeAll);
    children.observe(element, { childList: true });
    observeAll();
    return () => {
      sizes.disconnect();
      children.disconnect();
    };
  }, [element]);
  return overflows;
}

interface TableScrollProps {
  /** What the table shows, e.g. "Test metrics": the region is named after it while it scrolls. */
  label: string;
  children: ReactNode;
}

export function TableScroll({ label, children }: TableScrollProps) {
  const [element, setElement] = useState<HTMLDivElement | null>(null);
  const overflows = useOverflowsSideways(element);
  const region = overflows ? { tabIndex: 0, role: 'region', 'aria-label': `${label}, scrolls sideways` } : {};
  return (
    <div ref={setElement} className="table-scroll" {...region}>
      {children}
    </div>
  );
}

import { useEffect, useRef } from 'react';
import { init, type ChartOption, type EChartsType } from './echarts.ts';

/**
 * One ECharts chart in a box that sizes it: drawn as SVG, redrawn when its box changes size
 * (window, projector, print layout) and disposed with the component.
 */
export function EChart({ option, label, testId, points }: {
  option: ChartOption;
  /** What the chart shows, for screen readers (the SVG itself is described by ECharts' aria). */
  label: string;
  testId: string;
  /** How many data points it draws: on the element, for tests and for an empty-chart message. */
  points: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return undefined;
    const instance = init(element, null, { renderer: 'svg' });
    chart.current = instance;
    const resize = () => instance.resize();
    const observer = new ResizeObserver(resize);
    observer.observe(element);
    // Print layout has its own width; the chart is drawn again for it and again after.
    window.addEventListener('beforeprint', resize);
    window.addEventListener('afterprint', resize);
    return () => {
      observer.disconnect();
      window.removeEventListener('beforeprint', resize);
      window.removeEventListener('afterprint', resize);
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // A new option replaces the old one whole: a filter that drops a series must drop it here too.
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <figure className="chart" data-testid={testId} data-points={points}>
      <figcaption className="chart__title">{label}</figcaption>
      <div ref={box} className="chart__box" role="img" aria-label={label} />
    </figure>
  );
}

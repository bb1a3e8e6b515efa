// ECharts from its tree-shakeable entry points: only the two chart types and four components the
// dashboard draws, and the SVG renderer (crisp when printed or projected, styled by the print
// stylesheet), not the whole library. Imported by the district page alone, so it stays in its chunk.
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  AriaComponent, GridComponent, LegendComponent, TooltipComponent,
  type AriaComponentOption, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption,
} from 'echarts/components';
import { use, type ComposeOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, LineChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** What the dashboard's charts may be given: the registered parts only. */
export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | AriaComponentOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

export { init, type EChartsType } from 'echarts/core';

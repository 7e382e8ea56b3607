// ECharts with only what the app draws. Import this (or EChart.vue) only from
// lazily loaded pages so the sign-in page never downloads it.
import { use } from 'echarts/core'
import { BarChart, PieChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

use([BarChart, PieChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer])

export { init, type EChartsType } from 'echarts/core'
export type { ComposeOption, EChartsCoreOption } from 'echarts/core'
export type { BarSeriesOption, PieSeriesOption } from 'echarts/charts'
export type {
  GridComponentOption,
  LegendComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from 'echarts/components'

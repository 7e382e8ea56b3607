// Background jobs (imports): GET /api/v1/jobs/{id} until done or failed.
// Shapes: src/core/importer/jobs.h (JobStatus::to_json) and importer.h (Report::to_json).
import { api, ApiError } from '@/api/http'

export interface ReportRepair {
  row: number
  field: string
  label: string
  column: string
  from: string
  to: string
}

export interface ReportRejection {
  row: number
  field: string
  label: string
  column: string
  code: string
  message: string
}

export interface ImportReport {
  dry_run: boolean
  all_or_nothing: boolean
  applied: boolean
  rows: number
  imported: number
  updated: number
  unchanged: number
  rejected_rows: number
  repaired: ReportRepair[]
  repaired_total?: number
  rejected: ReportRejection[]
  rejected_total?: number
  notes: string[]
  layout: {
    format: string
    encoding: string
    sheet: string
    header_row: number
    headers: Record<string, string>
    ignored_headers: string[]
  }
}

export type JobState = 'queued' | 'running' | 'done' | 'failed'

export interface JobStatus {
  id: string
  kind: string
  state: JobState
  phase: string
  done: number
  total: number
  fraction: number | null
  result?: ImportReport
  error?: { code: string; message: string; field: string }
  created_ms: number
  finished_ms: number
}

export const PHASE_LABEL: Record<string, string> = {
  reading: '正在读取文件',
  checking: '正在检查数据',
  writing: '正在写入数据',
  done: '即将完成',
}

export function jobReportUrl(jobId: string): string {
  return `/api/v1/jobs/${encodeURIComponent(jobId)}/report`
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => {
      clearTimeout(t)
      reject(new DOMException('aborted', 'AbortError'))
    })
  })

/**
 * Polls the job until it is done (resolves with the report) or failed
 * (rejects with an ApiError carrying the job's Chinese message and field).
 * `onProgress` sees every status along the way.
 */
export async function waitForJob(
  jobId: string,
  onProgress: (s: JobStatus) => void,
  signal?: AbortSignal,
): Promise<ImportReport> {
  let delay = 300
  let networkFailures = 0
  for (;;) {
    let s: JobStatus
    try {
      s = await api.get<JobStatus>(`/api/v1/jobs/${encodeURIComponent(jobId)}`, undefined, { signal })
      networkFailures = 0
    } catch (e) {
      // A dropped connection while a long import runs: keep asking for a while.
      if (e instanceof ApiError && e.status === 0 && ++networkFailures < 10) {
        await sleep(2000, signal)
        continue
      }
      throw e
    }
    onProgress(s)
    if (s.state === 'done') {
      if (!s.result) throw new ApiError(500, 'bad_response', '导入已结束，但没有返回报告，请重试。')
      return s.result
    }
    if (s.state === 'failed') {
      throw new ApiError(422, s.error?.code || 'job_failed', s.error?.message || '导入失败，请检查文件后重试。', s.error?.field || undefined)
    }
    await sleep(delay, signal)
    delay = Math.min(delay + 200, 1500)
  }
}

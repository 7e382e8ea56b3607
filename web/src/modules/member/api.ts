// The member roster API (src/modules/member/routes_*.cpp) as typed calls.
import { api, type Page, type Query } from '@/api/http'

export interface Member {
  id: number
  org_id: number
  org_name: string
  name: string
  sex: string
  ethnicity: string
  /** Masked (3204**********1234) unless revealed. */
  id_number: string
  birth_date: string
  join_date: string
  full_date: string
  status: string
  education: string
  post: string
  rank: string
  category: string
  /** Masked (138****5678) or ''. */
  phone: string
  name_pinyin: string
  name_initials: string
  age: number
  created_at_ms: number
  updated_at_ms: number
  /** Only from GET /members/{id}. */
  can_reveal?: boolean
}

export interface MemberInput {
  org_id?: number
  name?: string
  sex?: string
  ethnicity?: string
  id_number?: string
  birth_date?: string
  join_date?: string
  full_date?: string
  status?: string
  education?: string
  post?: string
  rank?: string
  category?: string
  phone?: string
}

export interface MemberStats {
  total: number
  by_status: Record<string, number>
  by_sex: Record<string, number>
  by_rank: Record<string, number>
  by_education: Record<string, number>
  by_age: Record<string, number>
}

export interface Transfer {
  id: number
  from_org_id: number
  from_org_name: string
  to_org_id: number
  to_org_name: string
  reason: string
  by_name: string
  at_ms: number
}

export type SortKey = 'name' | 'join_date' | 'birth_date' | 'org' | 'updated'

/** The list's filters, as the API names them (shared by list, stats and export). */
export interface MemberFilters {
  org_id?: number | null
  q?: string
  status?: string
  sex?: string
  rank?: string
  education?: string
  category?: string
  age_from?: number | null
  age_to?: number | null
  join_year_from?: number | null
  join_year_to?: number | null
}

export const STATUS_OPTIONS = ['正式党员', '预备党员']
export const SEX_OPTIONS = ['男', '女']
export const EDUCATION_OPTIONS = ['研究生', '大学本科', '大学专科', '中专', '高中', '初中及以下']
export const CATEGORY_OPTIONS = ['在职', '离退休']
export const ETHNICITY_OPTIONS = ['汉族', '回族', '满族', '蒙古族', '壮族', '藏族', '维吾尔族', '苗族', '彝族', '土家族', '朝鲜族']
export const RANK_OPTIONS = [
  '一级巡视员',
  '二级巡视员',
  '一级调研员',
  '二级调研员',
  '三级调研员',
  '四级调研员',
  '县处级正职',
  '县处级副职',
  '乡科级正职',
  '乡科级副职',
  '一级主任科员',
  '二级主任科员',
  '三级主任科员',
  '四级主任科员',
  '一级科员',
  '二级科员',
]

/** Drops empty filters so URLs stay short. */
export function filterQuery(f: MemberFilters): Query {
  const q: Query = {}
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== null && v !== '') q[k] = v as string | number
  return q
}

export const memberApi = {
  list: (q: Query) => api.get<Page<Member>>('/api/v1/members', q),
  stats: (q: Query) => api.get<MemberStats>('/api/v1/members/stats', q),
  get: (id: number) => api.get<Member>(`/api/v1/members/${id}`),
  create: (body: MemberInput) => api.post<Member>('/api/v1/members', body),
  update: (id: number, body: MemberInput) => api.patch<Member>(`/api/v1/members/${id}`, body),
  reveal: (id: number) => api.post<{ id: number; id_number: string; phone: string }>(`/api/v1/members/${id}/reveal`),
  transfer: (id: number, toOrgId: number, reason: string) =>
    api.post<{ ok: boolean }>(`/api/v1/members/${id}/transfer`, { to_org_id: toOrgId, reason }),
  transfers: (id: number) => api.get<{ items: Transfer[] }>(`/api/v1/members/${id}/transfers`),
}

export const MEMBER_EXPORT_URL = '/api/v1/members/export'
export const MEMBER_TEMPLATE_URL = '/api/v1/members/import-template'
export const memberImportUrl = (orgId: number) => `/api/v1/orgs/${orgId}/members/import`

/** Columns of the table and of the export (the export's keys: routes_files.cpp). */
export interface MemberColumn {
  key: string
  label: string
  /** Shown when the user has not chosen. */
  default: boolean
  width?: number
  sort?: SortKey
}

export const MEMBER_COLUMNS: MemberColumn[] = [
  { key: 'name', label: '姓名', default: true, width: 90, sort: 'name' },
  { key: 'sex', label: '性别', default: true, width: 60 },
  { key: 'ethnicity', label: '民族', default: false, width: 80 },
  { key: 'id_number', label: '身份证号', default: true, width: 170 },
  { key: 'birth_date', label: '出生日期', default: false, width: 108, sort: 'birth_date' },
  { key: 'age', label: '年龄', default: true, width: 60 },
  { key: 'join_date', label: '入党日期', default: true, width: 108, sort: 'join_date' },
  { key: 'full_date', label: '转正日期', default: false, width: 100 },
  { key: 'status', label: '人员类别', default: true, width: 92 },
  { key: 'education', label: '学历', default: false, width: 96 },
  { key: 'post', label: '职务', default: true, width: 96 },
  { key: 'rank', label: '职级', default: false, width: 120 },
  { key: 'org', label: '所在支部', default: true, sort: 'org' },
  { key: 'phone', label: '手机号码', default: false, width: 130 },
  { key: 'category', label: '工作状态', default: false, width: 90 },
]

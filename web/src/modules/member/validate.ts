// The member form's checks, in the server's words (src/modules/member/
// validate/*.cpp), so a mistake is shown while typing. The server checks
// again and has the last word: its 422 lands under the same field.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARS = '10X98765432'

/** Full-width digits and letters to half-width, spaces and apostrophes out, x → X. */
export function normalizeId(raw: string): string {
  return raw
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s'`‘’\u3000]/g, '')
    .replace(/x/g, 'X')
}

export function today(): string {
  const d = new Date()
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false
  const days = new Date(y, m, 0).getDate()
  return d <= days
}

export interface IdInfo {
  /** '' when the number is valid, else the server's message. */
  error: string
  birth?: string // YYYY-MM-DD
  sex?: '男' | '女'
}

export function checkId(raw: string): IdInfo {
  const id = normalizeId(raw)
  if (!id) return { error: '请填写身份证号。' }
  if (/^\d(\.\d+)?E\+\d+$/i.test(id)) return { error: '身份证号被 Excel 当作数字保存，后几位已丢失，请重新录入。' }
  if (id.length === 15 && /^\d+$/.test(id)) return { error: '这是15位的第一代身份证号，已停止使用。请填写18位的第二代身份证号。' }
  if (id.length !== 18) return { error: `身份证号应为18位（17位数字加末位数字或X），当前为${[...id].length}位，请核对。` }
  if (!/^\d{17}[\dX]$/.test(id)) return { error: '身份证号只能由数字和末位的X组成，请核对。' }
  const y = Number(id.slice(6, 10))
  const m = Number(id.slice(10, 12))
  const d = Number(id.slice(12, 14))
  const shown = id.slice(6, 14)
  if (y < 1900 || !validDate(y, m, d)) return { error: `身份证号第7至14位的出生日期“${shown}”不是有效日期，请核对。` }
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
  if (birth > today()) return { error: `身份证号第7至14位的出生日期“${shown}”晚于今天，请核对。` }
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * WEIGHTS[i]
  if (CHECK_CHARS[sum % 11] !== id[17]) return { error: '身份证号校验位不符，号码中可能有抄错的数字，请对照身份证核对。' }
  return { error: '', birth, sex: Number(id[16]) % 2 === 1 ? '男' : '女' }
}

/** '' when fine (an empty phone is fine: it is optional). */
export function checkPhone(raw: string): string {
  let digits = raw
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s-]/g, '')
  if (!digits) return ''
  for (const prefix of ['+86', '0086', '86'])
    if (digits.startsWith(prefix) && digits.length === prefix.length + 11) {
      digits = digits.slice(prefix.length)
      break
    }
  if (!/^1[3-9]\d{9}$/.test(digits)) return '手机号应为11位、以13至19开头的中国大陆手机号码，请核对。'
  return ''
}

/** The day someone born on `birth` turns `years` (29 Feb → 28 Feb in common years). */
export function anniversary(birth: string, years: number): string {
  const [y, m, d] = birth.split('-').map(Number)
  const ny = y + years
  const day = Math.min(d, new Date(ny, m, 0).getDate())
  return `${ny}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

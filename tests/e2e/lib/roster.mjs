// The messy roster the import test uploads, built with exceljs the way
// offices' spreadsheets look: a merged title row and a merged "填报单位" line
// above the header, header names that are aliases, ID numbers as text cells
// (one in full-width digits), a join date typed as "2012.7.1", another stored
// as a real Excel date (a number cell), a bad check digit, a duplicate ID
// pair and a signature footer. The expectations (which rows are rejected and
// why, how many are imported) are exported next to the file.
import ExcelJS from 'exceljs';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
export function idCheckChar(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return '10X98765432'[sum % 11];
}
// A valid 18-character ID: region 110105 (北京市朝阳区), birth yyyymmdd, a
// 3-digit sequence whose last digit is odd for men, even for women.
export function makeId(birth, seq) {
  const first17 = `110105${birth}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}
const toFullWidth = (s) => s.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

export function rosterRows() {
  const goodId1 = makeId('19850312', 271); // 男
  const goodId2 = makeId('19900621', 382); // 女
  const goodId3 = makeId('19780905', 415); // 男
  const goodId4 = makeId('19960117', 526); // 女
  const dupId = makeId('19820430', 633); // 男
  const badFirst17 = '11010519880808741';
  const right = idCheckChar(badFirst17);
  const wrong = right === '1' ? '2' : '1';
  return {
    // Spreadsheet rows as Excel numbers them (title = 1, unit = 2, header = 3).
    rows: [
      { row: 4, name: '周晓明', sex: '男', id: goodId1, join: '2012.7.1', full: '2013.7.1', status: '正式党员' },
      { row: 5, name: '郑丽娟', sex: '女', id: toFullWidth(goodId2), join: '2015-06-18', full: '2016-06-18', status: '正式' },
      { row: 6, name: '陈国庆', sex: '男', id: badFirst17 + wrong, join: '2010-10-01', full: '2011-10-01', status: '正式党员' },
      { row: 7, name: '冯志远', sex: '男', id: dupId, join: '2008-05-04', full: '2009-05-04', status: '正式党员' },
      { row: 8, name: '冯志达', sex: '男', id: dupId, join: '2009-05-04', full: '2010-05-04', status: '正式党员' },
      { row: 9, name: '吴建华', sex: '男', id: goodId3, join: new Date(Date.UTC(2003, 6, 1)), full: '2004年7月1日', status: '正式党员' },
      { row: 10, name: '王  雪', sex: '女', id: goodId4, join: '2024/03/15', full: '', status: '预备党员' },
    ],
    rejected: [
      { row: 6, code: 'id_checksum', name: '陈国庆' },
      { row: 7, code: 'duplicate_in_file', name: '冯志远' },
      { row: 8, code: 'duplicate_in_file', name: '冯志达' },
    ],
    imported: ['周晓明', '郑丽娟', '吴建华', '王雪'],
  };
}

export async function writeMessyRoster(file, branchName) {
  const spec = rosterRows();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  const headers = ['序号', '姓名', '性别', '公民身份号码', '入党时间', '转正时间', '党员类别', '现任职务', '所在支部', '备注'];
  ws.mergeCells(1, 1, 1, headers.length);
  ws.getCell(1, 1).value = `${branchName}党员花名册（2024年度）`;
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.getCell(1, 1).font = { bold: true, size: 16 };
  ws.mergeCells(2, 1, 2, 5);
  ws.getCell(2, 1).value = `填报单位：${branchName}`;
  ws.getRow(3).values = headers;
  spec.rows.forEach((r, i) => {
    const row = ws.getRow(r.row);
    row.getCell(1).value = i + 1; // a number cell
    row.getCell(2).value = r.name;
    row.getCell(3).value = r.sex;
    row.getCell(4).value = r.id; // text cell, never a number
    row.getCell(5).value = r.join;
    if (r.join instanceof Date) row.getCell(5).numFmt = 'yyyy"年"m"月"d"日"';
    if (r.full) row.getCell(6).value = r.full;
    row.getCell(7).value = r.status;
    row.getCell(8).value = '科员';
    // 所在支部 left blank: new members go to the organisation imported into.
    if (i === 0) row.getCell(10).value = '新调入';
  });
  const last = spec.rows.at(-1).row;
  ws.getCell(last + 2, 1).value = '填报人：李明    审核人：张华';
  ws.getCell(last + 3, 1).value = '填报日期：2024年5月1日';
  ws.getColumn(4).width = 22;
  await wb.xlsx.writeFile(file);
  return spec;
}

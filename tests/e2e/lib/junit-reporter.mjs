// A node:test reporter that writes JUnit XML shaped like CTest's, with each
// <testsuite> attribute on its own line, so scripts/test's count_junit reads
// it the same way (tests="N", failures="N", skipped="N"). Only leaf tests
// count; a file that fails to load counts as one failed test.
import path from 'node:path';

const esc = (s) =>
  String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // XML 1.0 has no place for most control characters (ANSI colours in errors).
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

function errorText(err) {
  if (!err) return '';
  const cause = err.cause ?? err;
  return (cause && (cause.stack || cause.message)) || String(cause);
}

export default async function* junit(source) {
  const cases = [];
  // Names of the enclosing describe() blocks, by nesting level, per file.
  const open = new Map();
  const started = Date.now();
  for await (const ev of source) {
    if (ev.type === 'test:start') {
      const key = ev.data.file ?? '';
      const stack = open.get(key) ?? [];
      stack[ev.data.nesting] = ev.data.name;
      stack.length = ev.data.nesting + 1;
      open.set(key, stack);
      continue;
    }
    if (ev.type !== 'test:pass' && ev.type !== 'test:fail') continue;
    const d = ev.data;
    if (d.details?.type === 'suite' && ev.type === 'test:pass') continue;
    const file = d.file ?? d.name;
    const stack = (open.get(d.file ?? '') ?? []).slice(0, d.nesting);
    const fullName = [...stack, d.name].join(' › ');
    // A failed suite whose tests failed is counted through them (its own
    // error, e.g. a before() hook's, is added to theirs); one that failed in
    // its own hooks with every test passed counts once.
    if (d.details?.type === 'suite') {
      const children = cases.filter((c) => c.file === file && c.failed && c.name.startsWith(fullName + ' › '));
      if (children.length) {
        if (d.details?.error?.failureType !== 'subtestsFailed')
          for (const c of children) c.error += `\n${fullName}: ${errorText(d.details?.error)}`;
        continue;
      }
    }
    cases.push({
      file,
      classname: path.basename(file).replace(/\.test\.mjs$/, ''),
      name: fullName,
      time: (d.details?.duration_ms ?? 0) / 1000,
      failed: ev.type === 'test:fail',
      skipped: d.skip !== undefined && d.skip !== false ? String(d.skip === true ? 'skipped' : d.skip) : null,
      todo: d.todo !== undefined && d.todo !== false,
      error: ev.type === 'test:fail' ? errorText(d.details?.error) : '',
    });
  }
  const failures = cases.filter((c) => c.failed).length;
  const skipped = cases.filter((c) => !c.failed && (c.skipped !== null || c.todo)).length;
  const seconds = (Date.now() - started) / 1000;
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield '<testsuite name="e2e"\n';
  yield `\ttests="${cases.length}"\n`;
  yield `\tfailures="${failures}"\n`;
  yield '\tdisabled="0"\n';
  yield `\tskipped="${skipped}"\n`;
  yield `\ttime="${seconds.toFixed(3)}"\n`;
  yield '\t>\n';
  for (const c of cases) {
    const head = `\t<testcase name="${esc(c.name)}" classname="${esc(c.classname)}" time="${c.time.toFixed(3)}"`;
    if (c.failed) {
      const first = c.error.split('\n')[0];
      yield `${head} status="fail">\n\t\t<failure message="${esc(first)}">${esc(c.error)}</failure>\n\t</testcase>\n`;
    } else if (c.skipped !== null || c.todo) {
      yield `${head} status="notrun">\n\t\t<skipped message="${esc(c.skipped ?? 'todo')}"/>\n\t</testcase>\n`;
    } else {
      yield `${head} status="run"/>\n`;
    }
  }
  yield '</testsuite>\n';
}

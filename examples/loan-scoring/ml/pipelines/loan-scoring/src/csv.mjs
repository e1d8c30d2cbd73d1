// Just enough CSV for the example's data: comma-separated, fields optionally in double quotes
// (doubled quotes inside), one record per line.
export function parseCsvLine(line) {
  const fields = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index];
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else field += char;
  }
  fields.push(field);
  return fields;
}

export function readCsv(text) {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const [header = '', ...rows] = lines;
  const names = parseCsvLine(header);
  return rows.map((line) => {
    const values = parseCsvLine(line);
    return Object.fromEntries(names.map((name, index) => [name, values[index] ?? '']));
  });
}

/** A `##millrace` protocol line: the workspace records it as a metric or a tag of the step. */
export function report(record) {
  console.log(`##millrace ${JSON.stringify(record)}`);
}

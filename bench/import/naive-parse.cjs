// The naive path the import benchmark compares against: read and parse every file in a folder, nothing
// else (no detection, normalization, analysis or store). JSON, JSON Lines, or concatenated objects.
const fs = require('fs');
const path = require('path');
const dir = process.argv[2];
let parsed = 0;
for (const name of fs.readdirSync(dir)) {
  const text = fs.readFileSync(path.join(dir, name), 'utf8');
  try {
    JSON.parse(text);
  } catch {
    try {
      for (const line of text.split('\n')) if (line.trim()) JSON.parse(line);
    } catch {
      JSON.parse('[' + text.replace(/\}\s*\{/g, '},{') + ']');
    }
  }
  parsed++;
}
if (parsed === 0) process.exit(2);

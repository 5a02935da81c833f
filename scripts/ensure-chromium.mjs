// The e2e suite runs in Debian's Chromium: Playwright cannot download browsers
// on these machines. Install it when missing and we are root; otherwise say how.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);

if (process.getuid?.() === 0) {
  console.log(`Chromium not found at ${path}: installing Debian's chromium with apt…`);
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
  if (existsSync(path)) process.exit(0);
  console.error(`apt installed chromium but ${path} is still missing; set CHROMIUM_PATH.`);
  process.exit(1);
}
console.error(
  `Chromium not found at ${path}. Install it with:\n  sudo apt-get update && sudo apt-get install -y chromium\n` +
    'or point CHROMIUM_PATH at a Chromium binary, then run npm test again.',
);
process.exit(1);

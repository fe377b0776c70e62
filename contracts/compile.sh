#!/usr/bin/env bash
# Regenerates contracts/build/*.json (abi + bytecode) from contracts/*.sol with a pinned solcjs.
# solc is installed from npm into <repo>/.tools/solc (git-ignored, never committed). Deterministic:
# pinned compiler, fixed settings, no metadata hash, sorted keys; running it twice changes nothing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
solc_version=0.8.28
tools="$root/.tools/solc"
if [ ! -f "$tools/node_modules/solc/package.json" ] || \
   [ "$(node -p "require('$tools/node_modules/solc/package.json').version")" != "$solc_version" ]; then
  mkdir -p "$tools"
  (cd "$tools" && npm install --silent --no-audit --no-fund --no-save "solc@$solc_version" >/dev/null)
fi
mkdir -p "$here/build"
SOLC_DIR="$tools/node_modules/solc" CONTRACTS_DIR="$here" node - <<'JS'
const fs = require('fs');
const path = require('path');
const solc = require(process.env.SOLC_DIR);
const dir = process.env.CONTRACTS_DIR;
const files = fs.readdirSync(dir).filter(f => f.endsWith('.sol')).sort();
const sources = {};
for (const f of files) sources[f] = { content: fs.readFileSync(path.join(dir, f), 'utf8') };
const input = {
  language: 'Solidity',
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'cancun',
    metadata: { bytecodeHash: 'none', appendCBOR: false },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
  },
};
const out = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (out.errors || []).filter(e => e.severity === 'error');
for (const e of out.errors || []) console.error(e.formattedMessage);
if (errors.length) process.exit(1);
for (const f of files) {
  for (const [name, c] of Object.entries(out.contracts[f]).sort()) {
    const artifact = {
      contractName: name,
      sourceName: f,
      compiler: 'solc ' + solc.version(),
      settings: { optimizer: input.settings.optimizer, evmVersion: input.settings.evmVersion },
      abi: c.abi,
      bytecode: '0x' + c.evm.bytecode.object,
      deployedBytecode: '0x' + c.evm.deployedBytecode.object,
    };
    fs.writeFileSync(path.join(dir, 'build', name + '.json'), JSON.stringify(artifact, null, 2) + '\n');
    console.log(`${name}: ${c.evm.bytecode.object.length / 2} bytes`);
  }
}
JS

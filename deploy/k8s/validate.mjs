// Validates Kubernetes manifests (a multi-document YAML stream on stdin, e.g. `kubectl kustomize`) against the
// Kubernetes OpenAPI schemas compiled into the npm package kubernetes-models; run it through validate.sh.
// Prints one line per document and exits 1 when any document is invalid or of an unknown kind.
import { parseAllDocuments } from "yaml";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const docs = parseAllDocuments(Buffer.concat(chunks).toString("utf8"));
let failures = 0;
let count = 0;
for (const doc of docs) {
  if (doc.errors.length > 0) {
    console.log(`INVALID YAML: ${doc.errors[0].message}`);
    failures++;
    continue;
  }
  const obj = doc.toJS();
  if (obj === null || obj === undefined) continue;
  if (obj.kind === "Secret" && obj.data) {
    // kustomize folds long base64 values over lines; the API server's decoder (Go encoding/base64) skips line
    // breaks, the schema's "byte" format does not.
    for (const key of Object.keys(obj.data)) obj.data[key] = String(obj.data[key]).replace(/[\r\n]/g, "");
  }
  count++;
  const name = `${obj.apiVersion}/${obj.kind} ${obj.metadata?.name ?? "(no name)"}`;
  let Model;
  try {
    Model = (await import(`kubernetes-models/${obj.apiVersion}`))[obj.kind];
  } catch {
    Model = undefined;
  }
  if (Model === undefined) {
    console.log(`UNKNOWN ${name}: no schema for this apiVersion and kind`);
    failures++;
    continue;
  }
  try {
    new Model(obj).validate();
    console.log(`ok ${name}`);
  } catch (e) {
    console.log(`INVALID ${name}: ${String(e.message).replace(/\s+/g, " ")}`);
    failures++;
  }
}
console.log(`${count} documents, ${failures} invalid`);
process.exit(failures > 0 || count === 0 ? 1 : 0);

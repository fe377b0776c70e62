// The status page: reads the silo's JSON API and fills the tables. No framework: the page must load from the silo alone.
"use strict";

const RECENT = 10;

function cell(row, text, cls) {
  const td = row.insertCell();
  td.textContent = text === null || text === undefined ? "" : String(text);
  if (cls) td.className = cls;
  return td;
}

function fill(id, items, render) {
  const body = document.querySelector("#" + id + " tbody");
  body.replaceChildren();
  for (const item of items) render(body.insertRow(), item);
  if (items.length === 0) {
    const row = body.insertRow();
    const td = cell(row, "none yet", "note");
    td.colSpan = document.querySelectorAll("#" + id + " thead th").length || 2;
  }
}

async function json(path) {
  const r = await fetch(path, { cache: "no-store" });
  if (!r.ok) throw new Error(path + ": HTTP " + r.status);
  return r.json();
}

function short(hash) {
  return hash && hash.length > 18 ? hash.slice(0, 10) + "…" + hash.slice(-6) : hash;
}

async function refresh() {
  try {
    const chain = await json("/api/chain");
    const head = chain.head;
    fill("chain", [
      ["chain", chain.chain], ["chain id", chain.chainId],
      ["head", head ? head.number + " " + short(head.hash) : "no tick yet"],
      ["safe", chain.safe], ["finalized", chain.finalized], ["ticks behind", chain.ticksBehind],
      ["reorgs", chain.reorgs], ["halted", chain.halted || "no"], ["last error", chain.lastError || "none"],
      ["chain grain on", chain.silo],
    ], (row, [k, v]) => { const th = document.createElement("th"); th.textContent = k; row.appendChild(th); cell(row, v); });

    let ticks = [];
    if (head) {
      const from = Math.max(0, head.number - (RECENT - 1));
      ticks = (await json("/api/ticks?from=" + from + "&to=" + head.number)).reverse();
    }
    fill("ticks", ticks, (row, t) => {
      cell(row, t.number); cell(row, short(t.hash), "hash"); cell(row, t.status, t.status === "orphaned" ? "bad" : "");
      cell(row, t.logs); cell(row, t.receiptsVerified ? "yes" : "no", t.receiptsVerified ? "" : "bad"); cell(row, t.zkGraphRuns);
      cell(row, t.storage ? t.storage.samples + " samples, " + t.storage.failures + " failed" : "not audited");
    });
    fill("audits", ticks.filter(t => t.storage), (row, t) => {
      cell(row, t.number); cell(row, t.storage.shards); cell(row, t.storage.samples);
      cell(row, t.storage.failures, t.storage.failures > 0 ? "bad" : ""); cell(row, t.storage.repaired);
    });

    const graphs = await json("/api/zkgraphs");
    const latest = await Promise.all(graphs.map(async g => {
      const outputs = await json("/api/zkgraphs/" + encodeURIComponent(g.id) + "/outputs");
      return outputs.length ? outputs[outputs.length - 1] : null;
    }));
    fill("zkgraphs", graphs.map((g, i) => [g, latest[i]]), (row, [g, o]) => {
      cell(row, g.id, "hash"); cell(row, g.name); cell(row, g.status); cell(row, g.trigger);
      cell(row, o ? o.block : "no output yet"); cell(row, o ? short(o.output) : "", "hash");
      cell(row, o ? o.status + (o.error ? ": " + o.error : "") : "", o && o.error ? "bad" : "");
    });

    const jobs = await json("/api/proofs?limit=" + RECENT);
    fill("proofs", jobs, (row, j) => {
      cell(row, short(j.id), "hash"); cell(row, j.graph ? short(j.graph) : "direct", "hash"); cell(row, j.block ?? "");
      cell(row, j.state, j.state.startsWith("failed") ? "bad" : "");
      cell(row, j.segmentsDone + "/" + j.segmentsTotal);
      cell(row, [...new Set(j.segments.map(s => s.silo).filter(s => s))].join(", "));
      cell(row, j.cycles); cell(row, j.rejections, j.rejections > 0 ? "bad" : "");
    });

    document.getElementById("error").textContent = "";
    document.getElementById("updated").textContent = "Updated " + new Date().toISOString().slice(11, 19) + " UTC.";
    document.body.dataset.loaded = "true";
  } catch (e) {
    document.getElementById("error").textContent = "Could not read the API: " + e.message;
  }
}

refresh();
setInterval(refresh, 5000);

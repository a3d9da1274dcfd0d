// Runs Material for MkDocs' own search worker (the file the built site ships) under Node.js, so
// the tests search a built site exactly as a reader's browser would.
// Usage: node search_worker.js SITE_DIR [--index PATH] QUERY... ; prints {query: [result
// locations]} as JSON. The index is SITE_DIR/search/search_index.json unless PATH (in the site,
// e.g. ko/search/search_index.json) is given.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [siteDir, ...rest] = process.argv.slice(2);
const [indexPath, queries] = rest[0] === "--index" ? [rest[1], rest.slice(2)]
  : [path.join("search", "search_index.json"), rest];
const workers = path.join(siteDir, "assets", "javascripts", "workers");
const worker = fs.readdirSync(workers).find(name => /^search\..*\.js$/.test(name));
let onMessage = null;
const replies = [];
const context = {
  console, setTimeout, clearTimeout,
  location: { href: "http://127.0.0.1/" },
  addEventListener: (type, listener) => { if (type === "message") onMessage = listener; },
  postMessage: message => replies.push(message),
  // The worker loads lunr's languages (lunr.ko.min.js, …) from the site, beside itself.
  importScripts: (...urls) => {
    for (const url of urls) {
      const file = path.resolve(workers, url);
      if (!file.startsWith(path.resolve(siteDir) + path.sep)) throw new Error(`importScripts(${url}) outside the site`);
      vm.runInContext(fs.readFileSync(file, "utf8"), context, { filename: file });
    }
  },
};
context.self = context;
vm.createContext(context);
vm.runInContext(fs.readFileSync(path.join(workers, worker), "utf8"), context);

const settle = () => new Promise(resolve => setTimeout(resolve, 20));
(async () => {
  const index = JSON.parse(fs.readFileSync(path.join(siteDir, indexPath)));
  // Message types of Material's search worker: 0 = set up, 2 = query, 3 = result.
  await onMessage({ data: { type: 0, data: { ...index, options: { suggest: false } } } });
  await settle();
  const results = {};
  for (const query of queries) {
    replies.length = 0;
    await onMessage({ data: { type: 2, data: query } });
    await settle();
    const reply = replies.find(r => r.type === 3);
    if (!reply) throw new Error(`no result for ${query}`);
    results[query] = reply.data.items.map(group => group.map(item => item.location));
  }
  process.stdout.write(JSON.stringify(results));
})().catch(error => { console.error(error); process.exit(1); });

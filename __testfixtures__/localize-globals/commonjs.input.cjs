const log = []; // REPORT: accumulating-global manual

function record(entry) {
  log.push(entry);
}

module.exports = { record, log };

const log = [];

function record(entry) {
  log.push(entry);
}

module.exports = { record, log };

#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "cli/import_reader.h"
#include "common/result.h"

namespace basalt::cli {

enum class ProgressMode { kAuto, kBar, kPlain, kNone };

struct ImportOptions {
  std::string server = "http://127.0.0.1:3000";
  std::string api_key;
  std::string workspace;
  std::string collection;
  std::vector<std::string> files;  // "-" is stdin
  ImportFormat format = ImportFormat::kAuto;
  CsvOptions csv;
  size_t batch_docs = 1000;
  size_t batch_bytes = 8u << 20;  // the Write API takes 10 MiB per request
  int parallel = 3;               // requests in flight
  std::string checkpoint;         // empty: .basalt-import-<hash>.json in the current directory
  bool restart = false;           // ignore (and replace) an existing checkpoint
  bool create = false;            // create the collection when it does not exist
  ProgressMode progress = ProgressMode::kAuto;
};

// Parses the arguments after `basalt import`, reading BASALT_API_KEY and ./data/credentials
// when --api-key is absent. On failure prints the problem to stderr and returns the exit
// code to use (0 after --help, 2 otherwise).
Result<ImportOptions> ParseImportArgs(const std::vector<std::string>& args, int* exit_code);

// The default checkpoint file name of an import (depends on the collection and the inputs).
std::string DefaultCheckpointPath(const ImportOptions& options);

// Runs the import: reads the inputs, sends batches through the Write API in parallel, shows
// progress on stderr, keeps the checkpoint up to date and prints a summary with the rejected
// records. Exit code: 0 when every record was imported; 1 when some were rejected (the others
// are imported), or when the import stopped (an error, or SIGINT/SIGTERM: run the same command
// again to resume); 2 for bad arguments.
int RunImport(const ImportOptions& options);

// `basalt import ARGS...`.
int ImportMain(const std::vector<std::string>& args);

}  // namespace basalt::cli

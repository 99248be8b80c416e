#include "storage/store_test_util.h"

#include <unistd.h>

#include <atomic>

#include "common/assert.h"

namespace basalt::storage::testing {

TempStore::TempStore() {
  static std::atomic<int> counter{0};
  path_ = (std::filesystem::temp_directory_path() /
           ("basalt-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
              .string();
  std::filesystem::remove_all(path_);
  Reopen();
}

TempStore::~TempStore() {
  store_.reset();
  std::filesystem::remove_all(path_);
}

void TempStore::Reopen() {
  store_.reset();
  auto opened = Store::Open(StoreOptions{.path = path_});
  BASALT_CHECK(opened.ok()) << opened.status().ToString();
  store_ = std::move(opened).value();
}

Mutation PutDoc(const std::string& id, Value doc) {
  doc.Set("_id", Value::String(id));
  return Mutation{id, [doc](const Value*) -> Result<MutationOutcome> {
                    return MutationOutcome{MutationKind::kPut, doc};
                  }};
}

Mutation DeleteDoc(const std::string& id) {
  return Mutation{id, [](const Value*) -> Result<MutationOutcome> {
                    return MutationOutcome{MutationKind::kDelete, Value()};
                  }};
}

}  // namespace basalt::storage::testing

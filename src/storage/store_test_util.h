#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "common/value.h"
#include "storage/store.h"

namespace basalt::storage::testing {

// A store in a fresh temporary directory, removed on destruction.
class TempStore {
 public:
  TempStore();
  ~TempStore();
  TempStore(const TempStore&) = delete;
  TempStore& operator=(const TempStore&) = delete;

  Store& store() { return *store_; }
  // Closes and reopens the database (recovery from the WAL).
  void Reopen();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::unique_ptr<Store> store_;
};

// Mutations for tests: put a whole document (its `_id` is set), delete.
Mutation PutDoc(const std::string& id, Value doc);
Mutation DeleteDoc(const std::string& id);

}  // namespace basalt::storage::testing

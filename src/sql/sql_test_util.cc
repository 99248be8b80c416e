#include "sql/sql_test_util.h"

#include "common/json.h"
#include "storage/store_test_util.h"

namespace basalt::sql::testing {

Result<ResolvedCollection> MapCatalog::ResolveCollection(const std::vector<std::string>& names) {
  std::string path = names.size() == 1 ? "commons." + names[0] : names[0] + "." + names[1];
  auto found = collections.find(path);
  if (found == collections.end()) {
    return NotFound("Collection '" + path + "' not found");
  }
  return ResolvedCollection{found->second, path};
}

Status LoadJson(storage::Store& store, std::map<std::string, uint32_t>* collections,
                const std::string& name, const std::vector<std::string>& docs) {
  BASALT_ASSIGN_OR_RETURN(uint32_t id, store.CreateCollection());
  (*collections)["commons." + name] = id;
  std::vector<storage::Mutation> mutations;
  int n = 0;
  for (const auto& text : docs) {
    BASALT_ASSIGN_OR_RETURN(Value doc, ParseJson(text));
    std::string doc_id = doc.Get("_id").is_string() ? std::string(doc.Get("_id").string_value())
                                                    : name + std::to_string(n++);
    mutations.push_back(storage::testing::PutDoc(doc_id, doc));
  }
  BASALT_ASSIGN_OR_RETURN(auto summary, store.Apply(id, mutations));
  for (const auto& result : summary.results) {
    BASALT_RETURN_IF_ERROR(result.status);
  }
  return Status::Ok();
}

std::string RowsText(const Result<QueryResult>& result) {
  if (!result.ok()) {
    return "ERROR " + result.status().ToString();
  }
  std::string out;
  for (const Value& row : result->rows) {
    out += ToJson(row) + "\n";
  }
  return out;
}

}  // namespace basalt::sql::testing

#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"

namespace basalt::catalog {

// Encrypts secrets at rest (integration credentials) with AES-256-GCM under one 32-byte key.
// Sealed text is base64 of: version byte (1), 12-byte random nonce, ciphertext, 16-byte tag;
// `context` (e.g. the integration's name) is authenticated as additional data, so a sealed
// value cannot be moved to another record unnoticed.
//
// Thread-safety: immutable after construction; safe to share.
// Errors: CORRUPTION when sealed text is malformed or fails authentication, IOERROR for the
// key file.
class SecretBox {
 public:
  static constexpr size_t kKeyBytes = 32;

  // Reads the key from `key_path`, creating the file (mode 0600, random key) when it does
  // not exist yet. The key file must stay with the data directory: without it the sealed
  // secrets cannot be read.
  static Result<std::unique_ptr<SecretBox>> OpenKeyFile(const std::string& key_path);
  // A box over `key` (kKeyBytes bytes), for tests. INVALIDINPUT for a wrong length.
  static Result<std::unique_ptr<SecretBox>> FromKey(std::string_view key);

  Result<std::string> Seal(std::string_view plaintext, std::string_view context) const;
  Result<std::string> Open(std::string_view sealed, std::string_view context) const;

 private:
  explicit SecretBox(std::string key) : key_(std::move(key)) {}
  std::string key_;
};

}  // namespace basalt::catalog

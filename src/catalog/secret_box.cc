#include "catalog/secret_box.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <memory>
#include <system_error>
#include <utility>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "common/json.h"

namespace basalt::catalog {
namespace {

constexpr unsigned char kVersion = 1;
constexpr size_t kNonceBytes = 12;
constexpr size_t kTagBytes = 16;

struct CipherContextDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextDeleter>;

const unsigned char* Bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

Status IoError(const std::string& what, int error) {
  return Status(ErrorCode::kIoError,
                what + ": " + std::error_code(error, std::generic_category()).message());
}

Result<std::string> ReadKeyFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return IoError("cannot read " + path, errno);
  }
  std::string key(SecretBox::kKeyBytes + 1, '\0');
  ssize_t got = ::read(fd, key.data(), key.size());
  int saved_errno = errno;
  ::close(fd);
  if (got < 0) {
    return IoError("cannot read " + path, saved_errno);
  }
  if (static_cast<size_t>(got) != SecretBox::kKeyBytes) {
    return Corruption("secret key file " + path + " must hold exactly 32 bytes");
  }
  key.resize(SecretBox::kKeyBytes);
  return key;
}

Status WriteKeyFile(const std::string& path, std::string_view key) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return IoError("cannot create " + path, errno);
  }
  bool ok =
      ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
  int saved_errno = errno;
  ok = (::close(fd) == 0) && ok;
  if (!ok) {
    return IoError("cannot write " + path, saved_errno);
  }
  // The directory entry must survive a crash too.
  std::string dir = std::filesystem::path(path).parent_path().string();
  int dir_fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<SecretBox>> SecretBox::OpenKeyFile(const std::string& key_path) {
  std::error_code error;
  if (!std::filesystem::exists(key_path, error)) {
    std::string key(kKeyBytes, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), int(kKeyBytes)) != 1) {
      return Internal("cannot draw a random secret key");
    }
    BASALT_RETURN_IF_ERROR(WriteKeyFile(key_path, key));
  }
  BASALT_ASSIGN_OR_RETURN(std::string key, ReadKeyFile(key_path));
  return std::unique_ptr<SecretBox>(new SecretBox(std::move(key)));
}

Result<std::unique_ptr<SecretBox>> SecretBox::FromKey(std::string_view key) {
  if (key.size() != kKeyBytes) {
    return InvalidInput("a secret key has 32 bytes");
  }
  return std::unique_ptr<SecretBox>(new SecretBox(std::string(key)));
}

Result<std::string> SecretBox::Seal(std::string_view plaintext, std::string_view context) const {
  std::string out(1 + kNonceBytes + plaintext.size() + kTagBytes, '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(out.data());
  bytes[0] = kVersion;
  unsigned char* nonce = bytes + 1;
  unsigned char* cipher = nonce + kNonceBytes;
  if (RAND_bytes(nonce, int(kNonceBytes)) != 1) {
    return Internal("cannot draw a random nonce");
  }
  CipherContext ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  bool ok =
      ctx != nullptr &&
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, Bytes(key_), nonce) == 1 &&
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, Bytes(context), int(context.size())) == 1 &&
      EVP_EncryptUpdate(ctx.get(), cipher, &len, Bytes(plaintext), int(plaintext.size())) == 1 &&
      EVP_EncryptFinal_ex(ctx.get(), cipher + len, &len) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, int(kTagBytes),
                          cipher + plaintext.size()) == 1;
  if (!ok) {
    return Internal("encryption failed");
  }
  return Base64Encode(out);
}

Result<std::string> SecretBox::Open(std::string_view sealed, std::string_view context) const {
  Result<std::string> raw = Base64Decode(sealed);
  if (!raw.ok() || raw->size() < 1 + kNonceBytes + kTagBytes ||
      static_cast<unsigned char>((*raw)[0]) != kVersion) {
    return Corruption("malformed sealed secret");
  }
  const auto* bytes = reinterpret_cast<const unsigned char*>(raw->data());
  const unsigned char* nonce = bytes + 1;
  const unsigned char* cipher = nonce + kNonceBytes;
  size_t cipher_len = raw->size() - 1 - kNonceBytes - kTagBytes;
  std::string plain(cipher_len, '\0');
  auto* plain_bytes = reinterpret_cast<unsigned char*>(plain.data());
  std::string tag(reinterpret_cast<const char*>(cipher + cipher_len), kTagBytes);
  CipherContext ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  bool ok = ctx != nullptr &&
            EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, Bytes(key_), nonce) == 1 &&
            EVP_DecryptUpdate(ctx.get(), nullptr, &len, Bytes(context), int(context.size())) == 1 &&
            EVP_DecryptUpdate(ctx.get(), plain_bytes, &len, cipher, int(cipher_len)) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, int(kTagBytes), tag.data()) == 1 &&
            EVP_DecryptFinal_ex(ctx.get(), plain_bytes + len, &len) == 1;
  if (!ok) {
    return Corruption("sealed secret failed authentication (wrong key or altered record)");
  }
  return plain;
}

}  // namespace basalt::catalog

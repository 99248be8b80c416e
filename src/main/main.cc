#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: basalt serve|sql|import [options]\n");
    return 2;
  }
  std::fprintf(stderr, "basalt: unknown command '%s'\n", argv[1]);
  return 2;
}

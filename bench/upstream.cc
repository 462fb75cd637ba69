#include "upstream.h"

#include <cstdio>
#include <cstdlib>
#include <sys/wait.h>

namespace zipnn::bench {

namespace {

std::string ShellQuote(const std::string &s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

// Runs a shell command; returns its exit status and its stdout.
int Capture(const std::string &command, std::string *out) {
  FILE *p = popen(command.c_str(), "r");
  if (p == nullptr) return -1;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out->append(buf, n);
  const int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

}  // namespace

std::string UpstreamRunner::Probe() const {
  std::string out;
  const int rc = Capture(ShellQuote(python) + " " + ShellQuote(script) + " --probe 2>&1", &out);
  if (rc == 0) return "";
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  const size_t nl = out.rfind('\n');
  return "cannot run " + python + " " + script + " (" +
         (nl == std::string::npos ? out : out.substr(nl + 1)) + ")";
}

Measure UpstreamRunner::Run(const std::string &path, const char *dtype, bool timed, int reps,
                            size_t threads, std::string *error) const {
  Measure m;
  std::string cmd = ShellQuote(python) + " " + ShellQuote(script) + " --file " + ShellQuote(path) +
                    " --dtype " + dtype + " --reps " + std::to_string(reps) + " --threads " +
                    std::to_string(threads);
  if (timed) cmd += " --timed";
  std::string out;
  const int rc = Capture(cmd + " 2>&1", &out);
  const size_t at = out.rfind("RESULT ");
  if (rc != 0 || at == std::string::npos) {
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    *error = "exit " + std::to_string(rc) + ": " +
             out.substr(out.size() > 300 ? out.size() - 300 : 0);
    return m;
  }
  // RESULT <original> <compressed> <c1> <d1> <cn> <dn>   (nan when not timed)
  unsigned long long original = 0, compressed = 0;
  char c1[32], d1[32], cn[32], dn[32];
  if (std::sscanf(out.c_str() + at, "RESULT %llu %llu %31s %31s %31s %31s", &original,
                  &compressed, c1, d1, cn, dn) != 6) {
    *error = "unparsable helper output";
    return m;
  }
  m.present = true;
  m.original = original;
  m.compressed = compressed;
  if (timed) {
    m.compress_1t = std::strtod(c1, nullptr);
    m.decompress_1t = std::strtod(d1, nullptr);
    m.compress_nt = std::strtod(cn, nullptr);
    m.decompress_nt = std::strtod(dn, nullptr);
  }
  return m;
}

}  // namespace zipnn::bench

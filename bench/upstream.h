// Upstream ZipNN 0.5.3 (PyPI) for the side-by-side, through the helper
// bench/upstream_zipnn.py run by a Python that can import its C core
// (zipnn_core). Optional: only with --upstream.
#pragma once

#include <cstddef>
#include <string>

#include "results.h"

namespace zipnn::bench {

struct UpstreamRunner {
  std::string python;  // interpreter with zipnn_core importable
  std::string script;  // path of upstream_zipnn.py

  // "" when usable, else why not.
  std::string Probe() const;

  // Compresses the file `path` as `dtype` ("bfloat16", "float16", "float32"),
  // verifies the round trip and, when timed, measures both directions at one
  // thread and at `threads`. On failure: present=false and *error is set.
  Measure Run(const std::string &path, const char *dtype, bool timed, int reps, size_t threads,
              std::string *error) const;
};

}  // namespace zipnn::bench

// spud_model: one model's executable. Built by a minimal build; with
// -DSPUD_EMBED_MODEL the model is compiled in, else it is read with --model.
// Inputs are ONNX TensorProto .pb files in the order of the model's inputs;
// each output is written as DIR/NAME.pb after its name (or output_<i>.pb
// with --output-names index), the names `spud run` uses.
//
// It links only the runtime, the kernels of its build and the C library:
// no protobuf, no exceptions, no iostream.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spud/spud.h"
#include "spud/tensor.h"
#include "tensor_pb.h"

#if defined(SPUD_EMBEDDED_MODEL)
extern "C" {
extern const unsigned char spud_model_data[];
extern const size_t spud_model_size;
}
#endif

namespace {

constexpr const char* kUsage =
#if defined(SPUD_EMBEDDED_MODEL)
    "usage: spud_model [-o DIR] [--info] INPUT.pb...\n"
    "\n"
    "Runs the model compiled into this program. Inputs are ONNX TensorProto\n"
    "files, one per model input, in the model's input order; each output is\n"
    "written to DIR/NAME.pb after its name in the model (DIR defaults to the\n"
    "current directory), and a line per output says where.\n"
#else
    "usage: spud_model --model FILE.spud [-o DIR] [--info] INPUT.pb...\n"
    "\n"
    "Runs a .spud model. Inputs are ONNX TensorProto files, one per model\n"
    "input, in the model's input order; each output is written to\n"
    "DIR/NAME.pb after its name in the model (DIR defaults to the current\n"
    "directory), and a line per output says where.\n"
#endif
    "\n"
    "options:\n"
#if !defined(SPUD_EMBEDDED_MODEL)
    "  -m, --model FILE       the .spud file to run\n"
#endif
    "  -o, --output-dir DIR   where to write the outputs (created if missing)\n"
    "  --output-names index   name the files output_<i>.pb instead, as in ONNX's\n"
    "                         test data directories\n"
    "  --info                 list the model's inputs and outputs, its arena and the\n"
    "                         kernel state a session made (packed weights), and exit\n"
    "  -h, --help             show this help\n";

int usage_error(const char* what, const char* arg) {
  fprintf(stderr, "spud_model: %s%s\n\n%s", what, arg, kUsage);
  return 2;
}

const char* dtype_text(int32_t t) {
  return t < 0 || t > 255 ? "unknown" : spud::dtype_name(static_cast<spud::DType>(t));
}

void print_shape(FILE* f, int rank, const int64_t* dims) {
  fputc('[', f);
  for (int i = 0; i < rank; ++i) fprintf(f, "%s%lld", i ? ", " : "", static_cast<long long>(dims[i]));
  fputc(']', f);
}

// Reads a whole file; returns null (and says why) on failure.
uint8_t* read_file(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  if (f == nullptr) {
    fprintf(stderr, "spud_model: cannot open %s: %s\n", path, strerror(errno));
    return nullptr;
  }
  size_t cap = 1 << 16, n = 0;
  uint8_t* buf = static_cast<uint8_t*>(malloc(cap));
  while (buf != nullptr) {
    n += fread(buf + n, 1, cap - n, f);
    if (n < cap) break;
    uint8_t* bigger = static_cast<uint8_t*>(realloc(buf, cap * 2));
    if (bigger == nullptr) {
      free(buf);
      buf = nullptr;
      break;
    }
    buf = bigger;
    cap *= 2;
  }
  const bool failed = ferror(f) != 0;
  fclose(f);
  if (buf == nullptr || failed) {
    fprintf(stderr, "spud_model: cannot read %s\n", path);
    free(buf);
    return nullptr;
  }
  *size = n;
  return buf;
}

// Writes through a temporary file and a rename, so a failure never leaves a
// partial output behind.
bool write_file(const char* path, const uint8_t* data, size_t size) {
  char tmp[4096];
  if (snprintf(tmp, sizeof(tmp), "%s.tmp%ld", path, static_cast<long>(getpid())) >= static_cast<int>(sizeof(tmp)))
    return false;
  FILE* f = fopen(tmp, "wb");
  if (f == nullptr) return false;
  const bool ok = fwrite(data, 1, size, f) == size;
  if (fclose(f) != 0 || !ok || rename(tmp, path) != 0) {
    remove(tmp);
    return false;
  }
  return true;
}

// Makes `dir` and any parents it lacks (mkdir -p).
bool make_dir(const char* dir) {
  char path[4096];
  const size_t n = strlen(dir);
  if (n == 0 || n >= sizeof(path)) return false;
  memcpy(path, dir, n + 1);
  for (size_t i = 1; i <= n; ++i) {
    if (path[i] != '/' && path[i] != '\0') continue;
    const char saved = path[i];
    path[i] = '\0';
    struct stat st;
    if (stat(path, &st) != 0) {
      if (mkdir(path, 0777) != 0 && errno != EEXIST) return false;
    } else if (!S_ISDIR(st.st_mode)) {
      return false;
    }
    path[i] = saved;
  }
  return true;
}

// A tensor name as a file name, as `spud run` makes it: characters other
// than letters, digits, '-', '_' and '.' become '_'.
void file_stem(const char* name, char* out, size_t size) {
  size_t n = 0;
  for (; name[n] != '\0' && n + 1 < size; ++n) {
    const char c = name[n];
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '_' || c == '.';
    out[n] = keep ? c : '_';
  }
  out[n] = '\0';
  if (n == 0 || strcmp(out, ".") == 0 || strcmp(out, "..") == 0) snprintf(out, size, "unnamed");
}

// Copies one .pb file into a session input after checking type and shape.
bool load_input(const char* path, const spud_tensor& in, int index) {
  size_t size = 0;
  uint8_t* bytes = read_file(path, &size);
  if (bytes == nullptr) return false;
  spud_pb::PbTensor t;
  const char* why = spud_pb::parse_tensor(bytes, size, &t);
  free(bytes);
  if (why != nullptr) {
    fprintf(stderr, "spud_model: %s is not a TensorProto this tool reads: %s\n", path, why);
    return false;
  }
  bool ok = t.dtype == static_cast<int32_t>(in.dtype) && t.rank == in.rank;
  for (int i = 0; ok && i < t.rank; ++i) ok = t.dims[i] == in.dims[i];
  if (!ok) {
    fprintf(stderr, "spud_model: %s holds %s ", path, dtype_text(t.dtype));
    print_shape(stderr, t.rank, t.dims);
    fprintf(stderr, " but input %d ('%s') is %s ", index, in.name, dtype_text(in.dtype));
    print_shape(stderr, in.rank, in.dims);
    fprintf(stderr, "\n");
    spud_pb::free_tensor(&t);
    return false;
  }
  memcpy(in.data, t.data, in.size_bytes);
  spud_pb::free_tensor(&t);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  const char* model_path = nullptr;
  const char* out_dir = ".";
  bool info = false;
  bool index_names = false;  // --output-names index: output_<i>.pb
  const char* inputs[64];
  int num_inputs = 0;
  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(kUsage, stdout);
      return 0;
    } else if (strcmp(a, "--info") == 0) {
      info = true;
    } else if (strcmp(a, "--output-names") == 0) {
      if (++i == argc) return usage_error("missing value for ", a);
      if (strcmp(argv[i], "index") != 0 && strcmp(argv[i], "model") != 0)
        return usage_error("--output-names takes model or index, not ", argv[i]);
      index_names = strcmp(argv[i], "index") == 0;
    } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output-dir") == 0) {
      if (++i == argc) return usage_error("missing value for ", a);
      out_dir = argv[i];
#if !defined(SPUD_EMBEDDED_MODEL)
    } else if (strcmp(a, "-m") == 0 || strcmp(a, "--model") == 0) {
      if (++i == argc) return usage_error("missing value for ", a);
      model_path = argv[i];
#endif
    } else if (a[0] == '-' && a[1] != '\0') {
      return usage_error("unknown option ", a);
    } else {
      if (num_inputs == 64) return usage_error("more than 64 inputs", "");
      inputs[num_inputs++] = a;
    }
  }

  spud_error err;
  spud_model* model = nullptr;
  spud_status st;
#if defined(SPUD_EMBEDDED_MODEL)
  (void)model_path;
  st = spud_model_load(spud_model_data, spud_model_size, &model, &err);
  const char* source = "the embedded model";
#else
  if (model_path == nullptr) return usage_error("no model: pass --model FILE.spud", "");
  st = spud_model_load_file(model_path, &model, &err);
  const char* source = model_path;
#endif
  if (st != SPUD_OK) {
    fprintf(stderr, "spud_model: cannot load %s: %s\n", source, err.message);
    return 1;
  }
  spud_session* session = nullptr;
  if (spud_session_create(model, nullptr, nullptr, 0, &session, &err) != SPUD_OK) {
    fprintf(stderr, "spud_model: cannot create a session for %s: %s\n", source, err.message);
    spud_model_free(model);
    return 1;
  }
  int rc = 0;
  const int n_in = spud_session_num_inputs(session);
  const int n_out = spud_session_num_outputs(session);
  if (info) {
    printf("arena: %zu bytes\n", spud_model_arena_size(model));
    // Made at creation by the accelerated tiers (XNNPACK's packed weights):
    // 0 when every node runs on the reference or Eigen kernels.
    printf("kernel state: %zu bytes\n", spud_session_kernel_state_bytes(session));
    for (int io = 0; io < 2; ++io) {
      for (int i = 0; i < (io == 0 ? n_in : n_out); ++i) {
        spud_tensor t;
        if (io == 0) spud_session_input(session, i, &t);
        else spud_session_output(session, i, &t);
        printf("%s %d: %s %s ", io == 0 ? "input" : "output", i, t.name, dtype_text(t.dtype));
        print_shape(stdout, t.rank, t.dims);
        printf("\n");
      }
    }
  } else if (num_inputs != n_in) {
    fprintf(stderr, "spud_model: the model has %d input(s) but %d .pb file(s) were given\n", n_in, num_inputs);
    rc = 2;
  } else {
    for (int i = 0; i < n_in && rc == 0; ++i) {
      spud_tensor t;
      spud_session_input(session, i, &t);
      if (!load_input(inputs[i], t, i)) rc = 1;
    }
    if (rc == 0 && spud_session_run(session, &err) != SPUD_OK) {
      fprintf(stderr, "spud_model: run failed: %s\n", err.message);
      rc = 1;
    }
    if (rc == 0 && !make_dir(out_dir)) {
      fprintf(stderr, "spud_model: cannot create output directory %s\n", out_dir);
      rc = 1;
    }
    for (int i = 0; i < n_out && rc == 0; ++i) {
      spud_tensor t;
      spud_session_output(session, i, &t);
      const size_t need = spud_pb::serialize_tensor(t.name, t.dtype, t.dims, t.rank, t.data, t.size_bytes,
                                                       nullptr, 0);
      uint8_t* buf = static_cast<uint8_t*>(malloc(need));
      char path[4096];
      bool fits = false;
      if (index_names) {
        fits = snprintf(path, sizeof(path), "%s/output_%d.pb", out_dir, i) < static_cast<int>(sizeof(path));
      } else {
        // The output's name as a file name; one that another output's name
        // also becomes gets its index.
        char stem[256], other[256];
        file_stem(t.name, stem, sizeof(stem));
        bool shared = false;
        for (int k = 0; k < n_out && !shared; ++k) {
          spud_tensor u;
          spud_session_output(session, k, &u);
          file_stem(u.name, other, sizeof(other));
          shared = k != i && strcmp(stem, other) == 0;
        }
        fits = (shared ? snprintf(path, sizeof(path), "%s/%s_%d.pb", out_dir, stem, i)
                       : snprintf(path, sizeof(path), "%s/%s.pb", out_dir, stem)) < static_cast<int>(sizeof(path));
      }
      if (buf == nullptr || !fits ||
          spud_pb::serialize_tensor(t.name, t.dtype, t.dims, t.rank, t.data, t.size_bytes, buf, need) != need ||
          !write_file(path, buf, need)) {
        fprintf(stderr, "spud_model: cannot write output %d ('%s') to %s\n", i, t.name, out_dir);
        rc = 1;
      } else {
        printf("output %d '%s' %s ", i, t.name, dtype_text(t.dtype));
        print_shape(stdout, t.rank, t.dims);
        printf(" -> %s\n", path);
      }
      free(buf);
    }
  }
  spud_session_free(session);
  spud_model_free(model);
  return rc;
}

// libpqxx 6.4 leaks the libpq result of a BEGIN sent over a connection the server has already
// closed (transaction_base::direct_exec). Only LostConnectionIsUnavailableAndThenReplaced goes
// there. Matching on the libpqxx module (fast unwinding stops inside it, so no deeper frame
// is available) still reports any object our own code allocates and leaks.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libpqxx-6.4.so\n";
}

#include "lab_process.h"

#include "poolscope/lab/lab.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sstream>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace poolscope::bench {

namespace {

bool writeAllFd(int fd, const std::string& data)
{
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

[[noreturn]] void childMain(int infoFd, int controlFd)
{
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    raiseDescriptorLimit();
    lab::LabOptions options;
    options.httpKeepAlive = std::chrono::seconds(600); // idle benchmark connections must survive a run
    options.ipv6 = false;                              // .lab.test names then only reach 127.0.0.1
    auto started = lab::Lab::start(options);
    std::ostringstream out;
    if (!started) {
        out << "error " << started.error().message << "\n";
        (void)writeAllFd(infoFd, out.str());
        ::_exit(1);
    }
    const auto& l = *started.value();
    out << "http " << l.port(lab::ServerKind::Http) << "\n"
        << "https " << l.port(lab::ServerKind::Https) << "\n"
        << "echo " << l.port(lab::ServerKind::Echo) << "\n"
        << "dns " << l.dnsServer() << "\n"
        << "ca " << l.caPem().size() << "\n"
        << l.caPem() << "end\n";
    (void)writeAllFd(infoFd, out.str());
    ::close(infoFd);
    // Serve until the parent closes the control pipe (or dies: then the read fails too).
    char byte = 0;
    for (;;) {
        const ssize_t n = ::read(controlFd, &byte, 1);
        if (n < 0 && errno == EINTR)
            continue;
        break;
    }
    started.value().reset();
    ::_exit(0);
}

} // namespace

void raiseDescriptorLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        (void)::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

std::unique_ptr<LabProcess> LabProcess::start(std::string& error)
{
    int info[2] = {-1, -1};
    int control[2] = {-1, -1};
    if (::pipe2(info, O_CLOEXEC) != 0 || ::pipe2(control, O_CLOEXEC) != 0) {
        error = std::string("pipe failed: ") + std::strerror(errno);
        return nullptr;
    }
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) {
        error = std::string("fork failed: ") + std::strerror(errno);
        return nullptr;
    }
    if (pid == 0) {
        ::close(info[0]);
        ::close(control[1]);
        childMain(info[1], control[0]);
    }
    ::close(info[1]);
    ::close(control[0]);
    std::unique_ptr<LabProcess> process(new LabProcess);
    process->m_pid = pid;
    process->m_control = control[1];

    // Read everything the child says, bounded by 30 s.
    std::string text;
    const auto deadline = BenchClock::now() + std::chrono::seconds(30);
    while (text.find("end\n") == std::string::npos && text.rfind("error ", 0) == std::string::npos) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - BenchClock::now()).count();
        if (left <= 0)
            break;
        pollfd p{info[0], POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left)) <= 0)
            continue;
        char buffer[4096];
        const ssize_t n = ::read(info[0], buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        text.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(info[0]);
    if (text.rfind("error ", 0) == 0 || text.find("end\n") == std::string::npos) {
        error = text.empty() ? std::string("the lab process did not start") : text;
        return nullptr;
    }
    std::istringstream in(text);
    std::string word;
    LabEndpoints& e = process->m_endpoints;
    while (in >> word) {
        if (word == "http")
            in >> e.http;
        else if (word == "https")
            in >> e.https;
        else if (word == "echo")
            in >> e.echo;
        else if (word == "dns")
            in >> e.dnsServer;
        else if (word == "ca") {
            std::size_t size = 0;
            in >> size;
            in.get(); // the newline
            e.caPem.resize(size);
            in.read(e.caPem.data(), static_cast<std::streamsize>(size));
        } else if (word == "end")
            break;
    }
    if (e.http == 0 || e.https == 0 || e.echo == 0 || e.dnsServer.empty() || e.caPem.empty()) {
        error = "could not read the lab's endpoints";
        return nullptr;
    }
    return process;
}

LabProcess::~LabProcess()
{
    if (m_control >= 0)
        ::close(m_control);
    if (m_pid <= 0)
        return;
    for (int i = 0; i < 100; ++i) { // up to 5 s for a clean exit
        int status = 0;
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid)
            return;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::kill(m_pid, SIGKILL);
    int status = 0;
    (void)::waitpid(m_pid, &status, 0);
}

} // namespace poolscope::bench

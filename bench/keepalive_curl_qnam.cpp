// The two library clients of the keep-alive comparison: libcurl with one easy handle reused for
// every request (its connection cache keeps the connection), and Qt's QNetworkAccessManager
// chaining the next GET from the previous reply's finished signal.
#include "keepalive_clients.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrl>
#include <cmath>
#include <curl/curl.h>
#include <functional>

namespace poolscope::bench {

namespace {

// ---- libcurl -----------------------------------------------------------------------------------

std::size_t discard(char* /*data*/, std::size_t size, std::size_t count, void* /*user*/)
{
    return size * count;
}

class CurlClient final : public KeepAliveClient
{
public:
    CurlClient(const LabEndpoints& lab, bool tls) : m_lab(lab), m_tls(tls) {}
    ~CurlClient() override
    {
        if (m_easy)
            curl_easy_cleanup(m_easy);
    }
    CurlClient(const CurlClient&) = delete;
    CurlClient& operator=(const CurlClient&) = delete;

    bool setup(std::string& error) override
    {
        m_easy = curl_easy_init();
        if (!m_easy) {
            error = "curl_easy_init failed";
            return false;
        }
        m_url = std::string(m_tls ? "https://" : "http://") + m_lab.host + ":" +
                std::to_string(m_tls ? m_lab.https : m_lab.http) + "/";
        curl_easy_setopt(m_easy, CURLOPT_URL, m_url.c_str());
        curl_easy_setopt(m_easy, CURLOPT_PROXY, ""); // never an environment proxy: loopback only
        curl_easy_setopt(m_easy, CURLOPT_NOPROXY, "*");
        curl_easy_setopt(m_easy, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(m_easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
        curl_easy_setopt(m_easy, CURLOPT_TIMEOUT_MS, 10'000L);
        curl_easy_setopt(m_easy, CURLOPT_WRITEFUNCTION, &discard);
        if (m_tls) {
            curl_blob ca{};
            ca.data = const_cast<char*>(m_lab.caPem.data()); // copied (CURL_BLOB_COPY), never written
            ca.len = m_lab.caPem.size();
            ca.flags = CURL_BLOB_COPY;
            curl_easy_setopt(m_easy, CURLOPT_CAINFO_BLOB, &ca);
            curl_easy_setopt(m_easy, CURLOPT_SSL_VERIFYPEER, 1L);
            curl_easy_setopt(m_easy, CURLOPT_SSL_VERIFYHOST, 2L);
        }
        return !std::isnan(run(20, error));
    }

    double run(int requests, std::string& error) override
    {
        long newConnections = 0;
        const auto start = BenchClock::now();
        for (int i = 0; i < requests; ++i) {
            const CURLcode rc = curl_easy_perform(m_easy);
            long status = 0;
            curl_easy_getinfo(m_easy, CURLINFO_RESPONSE_CODE, &status);
            if (rc != CURLE_OK || status != 200) {
                error = std::string("curl: ") + curl_easy_strerror(rc) + ", status " + std::to_string(status);
                return kNotMeasured;
            }
            long connects = 0;
            curl_easy_getinfo(m_easy, CURLINFO_NUM_CONNECTS, &connects);
            newConnections += connects;
        }
        const double us = nsSince(start) / 1000.0 / requests;
        if (m_warm && newConnections > 0) {
            error = "libcurl opened " + std::to_string(newConnections) + " new connections";
            return kNotMeasured;
        }
        m_warm = true;
        return us;
    }

private:
    const LabEndpoints& m_lab;
    bool m_tls;
    bool m_warm = false;
    CURL* m_easy = nullptr;
    std::string m_url;
};

// ---- QNAM --------------------------------------------------------------------------------------

class QnamClient final : public KeepAliveClient
{
public:
    QnamClient(const LabEndpoints& lab, bool tls) : m_lab(lab), m_tls(tls) {}

    bool setup(std::string& error) override
    {
        m_nam = std::make_unique<QNetworkAccessManager>();
        m_nam->setProxy(QNetworkProxy::NoProxy); // loopback only
        const QString url = QStringLiteral("%1://%2:%3/")
                                .arg(m_tls ? QStringLiteral("https") : QStringLiteral("http"),
                                     QString::fromStdString(m_lab.host))
                                .arg(m_tls ? m_lab.https : m_lab.http);
        m_request = QNetworkRequest(QUrl(url));
        if (m_tls) {
            QSslConfiguration config = QSslConfiguration::defaultConfiguration();
            config.addCaCertificates(QSslCertificate::fromData(QByteArray::fromStdString(m_lab.caPem)));
            m_request.setSslConfiguration(config);
        }
        return !std::isnan(run(20, error));
    }

    double run(int requests, std::string& error) override
    {
        QEventLoop loop;
        int done = 0;
        QString failure;
        std::function<void()> next;
        next = [&] {
            QNetworkReply* reply = m_nam->get(m_request);
            QObject::connect(reply, &QNetworkReply::finished, &loop, [&, reply] {
                const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                if (reply->error() != QNetworkReply::NoError || status != 200)
                    failure = reply->errorString();
                (void)reply->readAll();
                reply->deleteLater();
                if (!failure.isEmpty() || ++done == requests)
                    loop.quit();
                else
                    next();
            });
        };
        // Bounded: a stuck request ends the run instead of hanging it.
        QTimer guard;
        guard.setSingleShot(true);
        QObject::connect(&guard, &QTimer::timeout, &loop, [&] {
            failure = QStringLiteral("timed out");
            loop.quit();
        });
        guard.start(30'000 + requests * 20);
        const auto start = BenchClock::now();
        next();
        loop.exec();
        const double us = nsSince(start) / 1000.0 / requests;
        if (!failure.isEmpty()) {
            error = "qnam: " + failure.toStdString();
            return kNotMeasured;
        }
        return us;
    }

private:
    const LabEndpoints& m_lab;
    bool m_tls;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    QNetworkRequest m_request;
};

} // namespace

std::unique_ptr<KeepAliveClient> makeCurlClient(const LabEndpoints& lab, bool tls)
{
    return std::make_unique<CurlClient>(lab, tls);
}

std::unique_ptr<KeepAliveClient> makeQnamClient(const LabEndpoints& lab, bool tls)
{
    return std::make_unique<QnamClient>(lab, tls);
}

} // namespace poolscope::bench

#pragma once
// The lesson loader's JSON walker (internal to lesson_loader.cpp): typed field reads that remember
// the first error with its JSON path ("steps[2].check.kind: …"). Qt Core only.

#include <QCoreApplication>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>
#include <cmath>
#include <optional>

namespace poolscope::ui::lessons::detail {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(poolscope::ui::lessons::LessonLoader)
};

inline constexpr qsizetype kMaxTextChars = 4000;
inline constexpr qint64 kMaxTimeoutMs = 60'000;
inline constexpr qint64 kMaxHourMs = 3'600'000;

/// Walks the document, remembering the first error with its JSON path.
class Reader
{
public:
    explicit Reader(QString source) : m_source(std::move(source)) {}

    [[nodiscard]] bool failed() const { return !m_error.isEmpty(); }
    [[nodiscard]] const QString& error() const { return m_error; }

    void fail(const QString& path, const QString& what)
    {
        if (m_error.isEmpty())
            m_error = QStringLiteral("%1: %2: %3").arg(m_source, path, what);
    }

    /// Fails on keys not in `known`.
    void onlyKnown(const QJsonObject& o, const QString& path, const QStringList& known)
    {
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!known.contains(it.key())) {
                fail(join(path, it.key()),
                     Text::tr("unknown field (expected one of: %1)").arg(known.join(QStringLiteral(", "))));
                return;
            }
        }
    }

    QString string(const QJsonObject& o, const QString& path, const QString& key, bool required,
                   const QString& fallback = {})
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined()) {
            if (required)
                fail(join(path, key), Text::tr("required field is missing"));
            return fallback;
        }
        if (!v.isString()) {
            fail(join(path, key), Text::tr("expected a string"));
            return fallback;
        }
        const QString s = v.toString();
        if (s.size() > kMaxTextChars)
            fail(join(path, key), Text::tr("too long (at most %1 characters)").arg(kMaxTextChars));
        else if (required && s.trimmed().isEmpty())
            fail(join(path, key), Text::tr("must not be empty"));
        return s;
    }

    QString oneOf(const QJsonObject& o, const QString& path, const QString& key, const QStringList& allowed,
                  bool required, const QString& fallback = {})
    {
        const QString s = string(o, path, key, required, fallback);
        if (!failed() && o.contains(key) && !allowed.contains(s))
            fail(join(path, key),
                 Text::tr("\"%1\" is not one of: %2").arg(s, allowed.join(QStringLiteral(", "))));
        return s;
    }

    std::optional<qint64> number(const QJsonObject& o, const QString& path, const QString& key, qint64 min,
                                 qint64 max)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined())
            return std::nullopt;
        const double d = v.toDouble(std::nan(""));
        if (!v.isDouble() || !std::isfinite(d) || d != std::floor(d) || d < double(min) || d > double(max)) {
            fail(join(path, key), Text::tr("expected a whole number from %1 to %2").arg(min).arg(max));
            return std::nullopt;
        }
        return static_cast<qint64>(d);
    }

    std::optional<bool> boolean(const QJsonObject& o, const QString& path, const QString& key)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined())
            return std::nullopt;
        if (!v.isBool()) {
            fail(join(path, key), Text::tr("expected true or false"));
            return std::nullopt;
        }
        return v.toBool();
    }

    QJsonObject object(const QJsonObject& o, const QString& path, const QString& key, bool required)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined()) {
            if (required)
                fail(join(path, key), Text::tr("required field is missing"));
            return {};
        }
        if (!v.isObject())
            fail(join(path, key), Text::tr("expected an object"));
        return v.toObject();
    }

    static QString join(const QString& path, const QString& key)
    {
        return path.isEmpty() ? key : path + QLatin1Char('.') + key;
    }

private:
    QString m_source;
    QString m_error;
};

} // namespace poolscope::ui::lessons::detail

#pragma once
// Coming back to the GUI thread from a PoolService future, with the failure as a sentence.
//
//   whenDone(service->acquire(req), this,
//            [this](const Lease& lease) { … },                   // on success
//            [this](const QString& why, ErrorCode code) { … });  // on failure or cancellation
//
// The callbacks run on `context`'s thread; nothing runs if `context` is destroyed first.
//
// Why not future.then(context, …): in Qt 6.4 that overload asserts (Debug) or invokes on a null
// object (Release) when the context is destroyed before the future finishes — which is exactly
// what happens when the window closes while dials are pending and the service then fails them.
// A QFutureWatcher owned by the context has the intended semantics on every Qt 6 version.

#include "poolscope/service/service_error.h"
#include "poolscope/service/thread_handoff.h"

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <exception>
#include <type_traits>

namespace poolscope::ui {

template <class T, class OnOk, class OnError>
void whenDone(QFuture<T> future, QObject* context, OnOk onOk, OnError onError)
{
    auto* watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, watcher,
                     [watcher, onOk = std::move(onOk), onError = std::move(onError)]() mutable {
                         QFuture<T> f = watcher->future();
                         watcher->deleteLater();
                         observeServiceHandoff(); // TSan builds only: see thread_handoff.h
                         try {
                             f.waitForFinished(); // finished already; rethrows the service's exception
                             if constexpr (std::is_void_v<T>) {
                                 if (f.isCanceled())
                                     onError(QObject::tr("cancelled"), ErrorCode::Cancelled);
                                 else
                                     onOk();
                             } else {
                                 if (f.resultCount() > 0)
                                     onOk(f.result());
                                 else
                                     onError(QObject::tr("cancelled"), ErrorCode::Cancelled);
                             }
                         } catch (const ServiceError& e) {
                             onError(e.message(), e.code());
                         } catch (const std::exception& e) {
                             onError(QString::fromLocal8Bit(e.what()), ErrorCode::SocketError);
                         } catch (...) {
                             onError(QObject::tr("unknown failure"), ErrorCode::SocketError);
                         }
                     });
    watcher->setFuture(std::move(future));
}

} // namespace poolscope::ui

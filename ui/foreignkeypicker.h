#pragma once
// ForeignKeyPicker is the editor of a foreign key: a line edit that, as the user types, looks
// up the matching rows of the referenced table and lists them in a list under it, never the
// whole table: one SELECT of the key and a label column, the typed text a bound parameter
// (matched case-insensitively anywhere in the label, or equal to the key when it is a number),
// ordered by the label and bounded by LIMIT. Up/Down move in the list, Return or a click picks
// a row. EntityDelegate opens it for foreign key columns and many-to-one relationship columns.
//
//     auto* picker = new orm::ui::ForeignKeyPicker(session, authorsTable,
//     authorsTable.column("id")); connect(picker, &orm::ui::ForeignKeyPicker::activated, ...);

#include "orm/session/session.h"

#include <QLineEdit>
#include <QPointer>

class QListWidget;
class QTimer;

namespace orm::ui {

class ForeignKeyPicker : public QLineEdit {
    Q_OBJECT
public:
    // Rows of `target` by `keyColumn` (its column that the foreign key refers to).
    ForeignKeyPicker(Session& session, const Table& target, const Column& keyColumn,
                     QWidget* parent = nullptr);
    ~ForeignKeyPicker() override;

    // At most this many rows per search (default 20).
    void setLimit(int rows) { m_limit = rows; }
    int limit() const { return m_limit; }
    // Typing searches once it paused this long (default 150 ms), so a word typed costs one query.
    void setSearchDelay(int milliseconds);

    // The column shown for a row and searched: the target's first text column other than the
    // key, or the key itself.
    const Column& labelColumn() const { return *m_label; }

    // The key picked (or given to setKey()); invalid for none (NULL).
    QVariant key() const { return m_key; }
    void setKey(const QVariant& key, const QString& label);

    // Looks up the rows for `text` now and shows them.
    void search(const QString& text);
    QListWidget* resultList() const { return m_list; }
    int resultCount() const;
    // Picks result `row` (its key becomes key(), its label the text).
    void choose(int row);

signals:
    // A row was picked with the mouse: the choice is complete.
    void activated(const QVariant& key);
    // Looking up rows failed; the message is the database's.
    void errorOccurred(const QString& message);

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;
    void moveEvent(QMoveEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void showList();
    void placeList();

    QPointer<Session> m_session;
    const Table* m_target;
    const Column* m_keyColumn;
    const Column* m_label;
    int m_limit = 20;
    QVariant m_key;
    QListWidget* m_list;
    QTimer* m_delay;
};

} // namespace orm::ui

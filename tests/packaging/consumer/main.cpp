// Maps a struct, creates its table in a SQLite database in memory, inserts a row and reads it
// back through a new Session; exits 0 only when what it read is what it wrote. Also makes a
// QtOrm::Ui model of the table, so that the Ui library and its Qt dependencies link too.

#include <orm/orm.h>
#include <ui/entitytablemodel.h>

#include <QApplication>
#include <cstdio>

struct Note {
    qint64 id = 0;
    QString text;
    std::optional<double> weight;
};

void mapping(orm::Mapping<Note>& m)
{
    m.table("notes");
    m.column(&Note::id, "id").primaryKey();
    m.column(&Note::text, "text").type(orm::String(100));
    m.column(&Note::weight, "weight");
}

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    try {
        orm::Engine engine(QStringLiteral("sqlite:///:memory:"));
        orm::mapper<Note>(); // maps Note into the registry's MetaData
        orm::Registry::global().metadata().createAll(engine);
        {
            orm::Session session(engine);
            session.add(orm::make<Note>(
                {.text = QStringLiteral("packaged: ünïcode, 'quotes'"), .weight = 2.5}));
            session.commit();
        }
        orm::Session session(engine);
        const auto notes = session.query<Note>().all();
        orm::ui::EntityTableModel model(session, orm::mapper<Note>());
        const Note* note = notes.size() == 1 ? notes.first().get() : nullptr;
        const bool same = note && note->id == 1 &&
                          note->text == QStringLiteral("packaged: ünïcode, 'quotes'") &&
                          note->weight == 2.5 && model.rowCount() == 1;
        std::printf("%s\n", same ? "read back what was written" : "MISMATCH");
        return same ? 0 : 1;
    } catch (const orm::Error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 2;
    }
}

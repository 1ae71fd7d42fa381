#pragma once
// The browser's widgets one by one (SchemaTree, FilterHeader, DetailPane, NavigationHistory)
// on the sample database, automapped from a real SQLite file (and PostgreSQL for the read-only
// tests: the schema as that server reports it, its filter SQL), driven with QTest events.
// TestApp derives from this class, so these functions run as part of tst_app.

#include <QObject>
#include <QTemporaryDir>

class TestWidgets : public QObject {
    Q_OBJECT

private slots:
    void schemaTreeListsTheSchema_data();
    void schemaTreeListsTheSchema();
    void schemaTreeIsKeyboardDriven();
    void filterHeaderParsesEveryForm();
    void filterHeaderFiltersTheRows_data();
    void filterHeaderFiltersTheRows();
    void filterHeaderShowsNonsenseAsError_data();
    void filterHeaderShowsNonsenseAsError();
    void filterHeaderFollowsTheSections();
    void detailPaneShowsObjectWithoutSql();
    void detailPaneOpensRelationships();
    void detailPaneFollowsTheSession();
    void navigationHistoryGoesBackAndForward();

protected:
    // A copy of the sample database with a view, one per call.
    QString widgetSamplePath();
    // The "url" column: a copy of the sample (sqlite) and the sample on PostgreSQL, for tests
    // that do not change it.
    void sampleBackendRows();

private:
    QTemporaryDir m_widgetDir;
    QString m_widgetSample;
};

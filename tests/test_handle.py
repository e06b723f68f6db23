"""The serving searcher follows kb add's commits without serving a record twice, one per thread."""
import threading

from conftest import doc
from indexer.build import add_records, build_index
from indexer.handle import SearcherHandle


def ids(handle: SearcherHandle) -> list[str]:
    return sorted(f["id"] for f in handle.get().all_stored_fields())


def test_a_replaced_record_is_served_once_after_each_commit(tmp_path):
    idx = tmp_path / "index"
    build_index([doc("a", "Hà Nam", "một"), doc("b", "Hà Nam", "hai")], idx)
    handle = SearcherHandle(idx)
    assert ids(handle) == ["a", "b"]
    add_records([doc("a", "Hà Nam", "một, sửa lại"), doc("c", "Hà Nam", "ba")], idx)
    assert ids(handle) == ["a", "b", "c"]  # Searcher.refresh() gave a, a, b, c
    for n in range(12):  # enough commits for Whoosh to merge segments
        add_records([doc(f"x{n}", "Hà Nam", "thêm")], idx)
        assert handle.get().doc_count() == 3 + n + 1
    assert ids(handle) == sorted(["a", "b", "c"] + [f"x{n}" for n in range(12)])
    handle.close()


def test_each_thread_reads_through_its_own_searcher(tmp_path):
    idx = tmp_path / "index"
    build_index([doc("a", "Hà Nam", "một")], idx)
    handle = SearcherHandle(idx)
    seen = []
    worker = threading.Thread(target=lambda: seen.append(handle.get()))
    worker.start()
    worker.join()
    assert seen[0] is not handle.get() and handle.get() is handle.get()
    handle.close()


def test_opening_while_a_commit_deletes_the_old_table_of_contents_is_retried(tmp_path, monkeypatch):
    from whoosh import index as whoosh_index

    from indexer import store

    idx = tmp_path / "index"
    build_index([doc("a", "Hà Nam", "một")], idx)
    real, calls = whoosh_index.exists_in, []

    def vanishing(path, *args):  # what a server process met when kb add committed as it opened
        calls.append(path)
        if len(calls) == 1:
            raise FileNotFoundError(f"{path}/_MAIN_1.toc")
        return real(path, *args)

    monkeypatch.setattr(store.whoosh_index, "exists_in", vanishing)
    assert ids(SearcherHandle(idx)) == ["a"] and len(calls) >= 2


def test_searchers_open_while_records_are_committed(tmp_path):
    idx = tmp_path / "index"
    build_index([doc("a", "Hà Nam", "một")], idx)
    errors, stop = [], threading.Event()

    def reader() -> None:
        handle = SearcherHandle(idx)
        while not stop.is_set():
            try:
                handle.get().doc_count()
            except Exception as exc:  # noqa: BLE001 — any failure is what this looks for
                errors.append(exc)
        handle.close()

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    for n in range(15):
        add_records([doc(f"x{n}", "Hà Nam", "thêm " * 30)], idx)
    stop.set()
    for t in threads:
        t.join()
    assert errors == []

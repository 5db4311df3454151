package org.aetherdb.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.aetherdb.Durability;
import org.junit.jupiter.api.Test;

/**
 * {@link Script#check} asks the executable specification ({@code KvSpec.isAllowedAfterCrash}):
 * every state from the last durable commit to the last one issued passes, naming its commit; a
 * lost durable commit, a state never committed and a torn commit fail.
 */
class ScriptCheckTest {
    private static byte[] b(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Script threeCommits(Durability d) {
        return new Script("check", d)
                .commit(Map.of(b("a"), b("1")), List.of())
                .commit(Map.of(b("b"), b("2")), List.of())
                .commit(Map.of(b("a"), b("3")), List.of(b("b")));
    }

    @Test
    void syncAllowsTheLastDurableCommitOrTheOneInFlight() {
        Script s = threeCommits(Durability.SYNC);
        assertEquals(2, s.check(s.model(2), 2, 3, "after commit 2"));
        assertEquals(3, s.check(s.model(3), 2, 3, "commit 3 survived"));
        AssertionError lost = assertThrows(AssertionError.class, () -> s.check(s.model(1), 2, 3, "lost"));
        assertTrue(lost.getMessage().contains("acknowledged commits lost"), lost.getMessage());
        assertThrows(AssertionError.class, () -> s.check(s.model(3), 2, 2, "never issued"));
    }

    @Test
    void noneAllowsAnyPrefixFromTheLastCheckpoint() {
        Script s = threeCommits(Durability.NONE);
        for (int j = 1; j <= 3; j++) {
            assertEquals(j, s.check(s.model(j), 1, 3, "prefix " + j));
        }
        assertThrows(AssertionError.class, () -> s.check(s.model(0), 1, 3, "before the checkpoint"));
    }

    @Test
    void aTornCommitIsNoPrefix() {
        Script s = threeCommits(Durability.SYNC);
        NavigableMap<byte[], byte[]> torn = Script.newMap();
        torn.putAll(s.model(3));
        torn.put(b("b"), b("2")); // commit 3's put of a applied, its delete of b not
        AssertionError e = assertThrows(AssertionError.class, () -> s.check(torn, 2, 3, "torn"));
        assertTrue(e.getMessage().contains("is not the state after it"), e.getMessage());
    }
}

package io.tentacle.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tentacle.sync.Remote;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rendezvous sharding of {@code sync_address}: balance, stability, one owner per remote. */
class ShardTest {
    /** 1,000 remotes as a central host has them: addresses of sites, some by name, default and other ports. */
    private static List<Remote> thousandRemotes() {
        List<Remote> remotes = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            remotes.add(
                    switch (i % 3) {
                        case 0 -> new Remote("10." + (i / 250) + "." + (i % 250) + ".10", Remote.DEFAULT_PORT);
                        case 1 -> new Remote("site-" + i + ".example.com", Remote.DEFAULT_PORT);
                        default -> new Remote("172.16." + (i % 256) + "." + (i / 256), 41000 + i % 7);
                    });
        }
        return remotes;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 8, 10})
    void a_thousand_remotes_are_spread_evenly(int n) {
        List<Remote> remotes = thousandRemotes();
        double fair = 1000.0 / n;
        for (int k = 1; k <= n; k++) {
            int served = new Shard(k, n).select(remotes, r -> r).size();
            assertThat((double) served).as("shard %d/%d", k, n).isBetween(fair * 0.75, fair * 1.25);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 7, 16})
    void every_remote_is_served_by_exactly_one_shard(int n) {
        List<Remote> remotes = thousandRemotes();
        List<Remote> union = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            union.addAll(new Shard(k, n).select(remotes, r -> r));
        }
        assertThat(union).hasSize(remotes.size()).containsExactlyInAnyOrderElementsOf(remotes);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 4, 9})
    void adding_an_instance_moves_about_one_remote_in_n_and_only_to_the_new_shard(int n) {
        List<Remote> remotes = thousandRemotes();
        int moved = 0;
        for (Remote r : remotes) {
            int before = Shard.owner(r, n);
            int after = Shard.owner(r, n + 1);
            if (before != after) {
                moved++;
                assertThat(after).as("%s moved from %d", r, before).isEqualTo(n + 1);
            }
        }
        double expected = 1000.0 / (n + 1);
        assertThat((double) moved).isBetween(expected * 0.75, expected * 1.25);
    }

    @Test
    void the_order_of_the_list_does_not_matter() {
        List<Remote> remotes = thousandRemotes();
        List<Remote> shuffled = new ArrayList<>(remotes);
        Collections.shuffle(shuffled, new Random(16));
        for (int k = 1; k <= 4; k++) {
            Shard shard = new Shard(k, 4);
            Set<Remote> a = new HashSet<>(shard.select(remotes, r -> r));
            Set<Remote> b = new HashSet<>(shard.select(shuffled, r -> r));
            assertThat(b).isEqualTo(a);
            // A remote's shard does not depend on which other remotes are listed either.
            assertThat(shard.select(List.of(remotes.get(k)), r -> r).isEmpty()).isEqualTo(!a.contains(remotes.get(k)));
        }
    }

    /**
     * The weights are a contract between instances (of different versions, on different hosts):
     * figures computed apart, with Python's hashlib, over "shard-weight|host:port|k".
     */
    @Test
    void the_hash_is_the_documented_one() {
        assertThat(Shard.weight("10.142.50.10:41121", 1)).isEqualTo(0x441dbce2ca7fe519L);
        assertThat(Shard.weight("20.152.50.20:41121", 1)).isEqualTo(0xd8f37a0f47d6b872L);
        assertThat(List.of(2, 3, 4, 5, 8).stream().map(n -> Shard.owner(new Remote("10.142.50.10", 41121), n)))
                .containsExactly(2, 2, 2, 2, 8);
        assertThat(List.of(2, 3, 4, 5, 8).stream().map(n -> Shard.owner(new Remote("20.152.50.20", 41121), n)))
                .containsExactly(1, 3, 3, 3, 3);
        assertThat(List.of(2, 3, 4, 5, 8).stream().map(n -> Shard.owner(new Remote("10.142.60.5", 22), n)))
                .containsExactly(1, 1, 1, 5, 7);
    }

    @Test
    void one_server_written_two_ways_has_one_shard() {
        assertThat(Shard.key(new Remote("Site-A.Example.", 41121))).isEqualTo("site-a.example:41121");
        assertThat(Shard.key(Remote.parse("[::1]", 41121))).isEqualTo("[0:0:0:0:0:0:0:1]:41121");
        assertThat(Shard.key(Remote.parse("[0:0::1]:41121", 1))).isEqualTo("[0:0:0:0:0:0:0:1]:41121");
        assertThat(Shard.key(Remote.parse("[::ffff:10.1.2.3]:41121", 1))).isEqualTo("10.1.2.3:41121");
        assertThat(Shard.key(Remote.parse("[fe80::1%eth0]:41121", 1))).isEqualTo("[fe80:0:0:0:0:0:0:1%eth0]:41121");
        // Not an address and not looked up: hashed as written.
        assertThat(Shard.key(Remote.parse("[zz::yy]:41121", 1))).isEqualTo("[zz::yy]:41121");
        assertThat(Shard.owner(Remote.parse("[::1]", 41121), 8)).isEqualTo(8);
    }

    @Test
    void the_forms_an_operator_writes() {
        assertThat(Shard.parse("2/4")).isEqualTo(new Shard(2, 4));
        assertThat(Shard.parse(" 2 / 4 ")).isEqualTo(new Shard(2, 4));
        assertThat(Shard.parse("2-of-4")).isEqualTo(new Shard(2, 4));
        assertThat(Shard.parse("1/1")).isEqualTo(new Shard(1, 1));
        assertThat(Shard.fromIndex("0/4")).isEqualTo(new Shard(1, 4));
        assertThat(Shard.fromIndex("3/4")).isEqualTo(new Shard(4, 4));
        assertThat(new Shard(2, 4)).hasToString("2/4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0/4", "5/4", "1/0", "-1/4", "2/-4"})
    void a_shard_that_does_not_exist_is_refused(String value) {
        assertThatThrownBy(() -> Shard.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + value + "' names no shard: K must be from 1 to N");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4", "", "a/b", "2/4/6", "2 of 4", "2,4", "99999999999/4"})
    void a_malformed_shard_is_refused_with_the_forms(String value) {
        assertThatThrownBy(() -> Shard.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not K/N (or K-of-N)");
    }

    @Test
    void an_index_counts_from_zero() {
        assertThatThrownBy(() -> Shard.fromIndex("4/4"))
                .hasMessageContaining("'4/4' names no shard: I must be from 0 to N - 1");
        assertThatThrownBy(() -> Shard.fromIndex("x/4")).hasMessageContaining("is not I/N");
    }
}

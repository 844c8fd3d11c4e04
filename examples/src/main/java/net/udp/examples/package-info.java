/**
 * The seed's examples in Java: a ping-pong between a server and a client, and three listeners
 * that share a port and each receive one broadcast.
 */
package net.udp.examples;
